// The main demo: runs on the bundled test data (testdata/). Grows with the library.
import * as nap from "./mod.ts";

const a = nap.NDArray.from([[1, 2], [3, 4]]);
console.log("napple demo", a.shape, a.dtype);
