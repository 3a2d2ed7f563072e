// H5File.childKinds: one listing call per group, undefined only when HDF5 cannot follow a child
// (the walker then resolves the children one by one); any other failure is an error.
import { assert, assertEquals, assertThrows, withTempDir } from "../../assert.ts";
import { H5File } from "../../../lib/io/nwb/h5file.ts";
import { NappleError } from "../../../lib/errors.ts";
import { runPython, SKIP_H5PY } from "../python_client.ts";

const WRITER = `
import sys, h5py
with h5py.File(sys.argv[1], "w") as f:
    ok = f.create_group("ok"); ok.create_dataset("a", data=[1, 2]); ok.create_group("sub")
    g = f.create_group("links"); g.create_dataset("a", data=[1, 2])
    g["dead"] = h5py.SoftLink("/nowhere")
    g["far"] = h5py.ExternalLink("missing.h5", "/x")
`;

Deno.test({
  name: "childKinds: every kind in one call; undefined only for children HDF5 cannot follow",
  ignore: SKIP_H5PY,
  fn() {
    withTempDir((dir) => {
      const path = `${dir}/links.h5`;
      runPython(WRITER, path);
      const f = H5File.open(path);
      try {
        assertEquals(
          f.childKinds("/ok"),
          new Map<string, string>([["a", "dataset"], ["sub", "group"]]),
        );
        assertEquals(f.childKinds("/links"), undefined);
        // ... and one by one, the followable child is found, the dead ones are not there
        assertEquals(f.names("/links").sort(), ["a", "dead", "far"]);
        assertEquals(f.resolvedKind("/links/a"), "dataset");
        assertEquals(f.resolvedKind("/links/dead"), undefined);
        // anything else is an error naming the file, not a silent undefined
        const e = assertThrows(() => f.childKinds("/no_such_group"), NappleError);
        assert(e.message.includes(path) && e.message.includes("/no_such_group"), e.message);
      } finally {
        f.close();
      }
    });
  },
});
