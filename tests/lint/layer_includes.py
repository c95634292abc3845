"""Checks what the build cannot: third-party headers found on the system
include path (CLI11, toml++, pybind11's own) are included only by the layer
that wraps them, and every "layer/file.hpp" include names the layer itself or
one it links (read from the add_layer() calls in app/CMakeLists.txt).

    /usr/bin/python3 tests/lint/layer_includes.py [SOURCE_DIR]

Prints each wrong include as file:line and exits 1 if there is any.
"""

import re
import sys
from pathlib import Path

# Third-party headers and the one layer that may include them.
WRAPPED = {
    "pybind11/": "python",
    "Python.h": "python",
    "numpy/": "python",
    "CLI/": "cli",
    "toml++/": "cli",
}
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]')
ADD_LAYER = re.compile(r"add_layer\((\w+)(?:\s+LAYERS((?:\s+\w+)+?))?\s+(?:PRIVATE|SOURCES)")


def layers_linked(cmake_text):
    """Each layer and every layer it links, directly or through another."""
    direct = {m.group(1): (m.group(2) or "").split() for m in ADD_LAYER.finditer(cmake_text)}

    def below(layer):
        found = set(direct[layer])
        for lower in direct[layer]:
            found |= below(lower)
        return found

    return {layer: below(layer) | {layer} for layer in direct}


def wrong_includes(path, layer, visible, all_layers):
    for number, line in enumerate(path.read_text().splitlines(), 1):
        match = INCLUDE.match(line)
        if not match:
            continue
        header = match.group(1)
        owner = next((owner for prefix, owner in WRAPPED.items() if header.startswith(prefix)), None)
        if owner and owner != layer:
            yield number, f"{header} belongs to app/{owner}"
        included_layer = header.split("/")[0]
        if included_layer in all_layers and included_layer not in visible:
            yield number, f"app/{layer} does not link app/{included_layer}"


def main(argv):
    source = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[2]
    app = source / "app"
    linked = layers_linked((app / "CMakeLists.txt").read_text())
    problems = []
    for layer, visible in sorted(linked.items()):
        for path in sorted((app / layer).rglob("*.[ch]pp")):
            for number, why in wrong_includes(path, layer, visible, linked):
                problems.append(f"{path.relative_to(source)}:{number}: {why}")
    print("\n".join(problems) if problems else f"layer includes: {len(linked)} layers, all includes point down")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
