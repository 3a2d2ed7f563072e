#!/usr/bin/python3
"""Execute notebooks in a Jupyter kernel (the Deno kernel by default) and save their outputs.

Why not `jupyter nbconvert --execute`: Deno's kernel can report `idle` for a cell before that
cell's last output has been published, and nbclient stops listening at `idle`, so outputs get
dropped now and then. This runner routes every iopub message to its cell by the parent message
id (late output still lands in the right cell) and, after each `idle`, keeps listening until the
channel has been quiet for a while.

Usage: /usr/bin/python3 tools/run_notebook.py [--kernel deno] [--quiet 0.3] [--timeout 120]
       [--allow-errors] [--output-dir DIR] NOTEBOOK.ipynb [...]
The kernel runs in the notebook's own folder (relative imports work); the executed notebook is
written back in place, or into DIR.
Exit status 1 when a cell errored (unless --allow-errors) or timed out.
"""
import argparse
import os
import queue
import sys
import time

import nbformat
from jupyter_client.manager import start_new_kernel


def output_from_msg(msg):
    """Turns one iopub message into an nbformat output (None for messages that are not outputs)."""
    kind = msg["header"]["msg_type"]
    c = msg["content"]
    if kind == "stream":
        return nbformat.v4.new_output("stream", name=c["name"], text=c["text"])
    if kind == "display_data":
        return nbformat.v4.new_output("display_data", data=c["data"], metadata=c.get("metadata", {}))
    if kind == "execute_result":
        return nbformat.v4.new_output(
            "execute_result", data=c["data"], metadata=c.get("metadata", {}),
            execution_count=c.get("execution_count"))
    if kind == "error":
        return nbformat.v4.new_output(
            "error", ename=c["ename"], evalue=c["evalue"], traceback=c["traceback"])
    return None


def add_output(cell, out):
    # Consecutive stream chunks of the same stream merge, like Jupyter front ends show them.
    outs = cell["outputs"]
    if out["output_type"] == "stream" and outs and outs[-1]["output_type"] == "stream" \
            and outs[-1]["name"] == out["name"]:
        outs[-1]["text"] += out["text"]
    else:
        outs.append(out)


def drain(kc, km, cells_by_msg, until_idle, quiet, timeout):
    """Reads iopub until `until_idle` has gone idle and then nothing arrived for `quiet` seconds.
    Returns "ok", "timeout" or "dead" (the kernel process exited)."""
    deadline = time.monotonic() + timeout
    idle_seen = until_idle is None
    last = time.monotonic()
    next_alive_check = last + 1
    while True:
        now = time.monotonic()
        if idle_seen and now - last >= quiet:
            return "ok"
        if now > deadline:
            return "timeout"
        if now > next_alive_check:
            next_alive_check = now + 1
            if not km.is_alive():
                return "dead"
        try:
            msg = kc.get_iopub_msg(timeout=0.05)
        except queue.Empty:
            continue
        last = time.monotonic()
        parent = msg.get("parent_header", {}).get("msg_id")
        kind = msg["header"]["msg_type"]
        if kind == "status":
            if parent == until_idle and msg["content"]["execution_state"] == "idle":
                idle_seen = True
            continue
        cell = cells_by_msg.get(parent)
        if cell is None:
            continue
        if kind == "clear_output":
            cell["outputs"] = []
            continue
        out = output_from_msg(msg)
        if out is not None:
            add_output(cell, out)


def run(path, kernel, quiet, timeout, allow_errors, output_dir=None):
    nb = nbformat.read(path, as_version=4)
    cwd = os.path.dirname(os.path.abspath(path))
    km, kc = start_new_kernel(kernel_name=kernel, cwd=cwd)
    ok = True
    cells_by_msg = {}
    try:
        count = 0
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            cell["outputs"] = []
            cell["execution_count"] = None
            if not cell.source.strip():
                continue
            msg_id = kc.execute(cell.source)
            cells_by_msg[msg_id] = cell
            state = drain(kc, km, cells_by_msg, msg_id, quiet, timeout)
            if state != "ok":
                what = f"timed out after {timeout}s" if state == "timeout" else "killed the kernel"
                print(f"{path}: cell {index} {what}", file=sys.stderr)
                ok = False
                break
            count += 1
            cell["execution_count"] = count
            for out in cell["outputs"]:
                if out["output_type"] == "execute_result":
                    out["execution_count"] = count
            errors = [o for o in cell["outputs"] if o["output_type"] == "error"]
            if errors:
                e = errors[0]
                print(f"{path}: cell {index} raised {e['ename']}: {e['evalue']}", file=sys.stderr)
                if not allow_errors:
                    ok = False
                    break
        # Anything still in flight for earlier cells lands where it belongs.
        if ok:
            drain(kc, km, cells_by_msg, None, quiet, timeout)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    nb.metadata["kernelspec"] = {"name": kernel, "display_name": "Deno", "language": "typescript"}
    out_path = os.path.join(output_dir, os.path.basename(path)) if output_dir else path
    nbformat.write(nb, out_path)
    return ok


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("notebooks", nargs="+")
    p.add_argument("--kernel", default="deno")
    p.add_argument("--quiet", type=float, default=0.3, help="seconds of silence after idle")
    p.add_argument("--timeout", type=float, default=120, help="seconds per cell")
    p.add_argument("--allow-errors", action="store_true")
    p.add_argument("--output-dir", help="write executed notebooks here instead of in place")
    a = p.parse_args()
    ok = True
    for path in a.notebooks:
        t0 = time.monotonic()
        good = run(path, a.kernel, a.quiet, a.timeout, a.allow_errors, a.output_dir)
        print(f"{path}: {'ok' if good else 'FAILED'} in {time.monotonic() - t0:.1f}s")
        ok = ok and good
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
