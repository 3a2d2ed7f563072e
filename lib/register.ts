/**
 * Connections made when the package is loaded, between layers that must not import each other:
 * the classes' `save` (core) writes through the npz writer (io), which imports core. `mod.ts`
 * imports this module first, the way Observable Plot's index attaches `Mark.prototype.plot`;
 * code importing lib/ modules directly imports it too before saving.
 * @module
 */
import { registerNpzWriter } from "./core/saving.ts";
import { writeNpz } from "./io/npz_writer.ts";

registerNpzWriter(writeNpz);
