"""Where the benchmark finds what it runs: the arrayfeed binary and the C
backend built from tests/bench/backend, and the size of the backend's table."""

import json
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE_DIR = HERE.parents[1]


@dataclass(frozen=True)
class Paths:
    arrayfeed: Path
    backend: Path
    kernel_library: Path
    plugin: Path
    table_mb: int

    @classmethod
    def in_build(cls, build_dir, table_mb):
        backend_dir = Path(build_dir) / "tests" / "bench" / "backend"
        return cls(Path(build_dir) / "arrayfeed", backend_dir / "bench_backend",
                   backend_dir / "libbench_kernel.so", backend_dir / "libbench_sum.so", table_mb)

    def missing(self):
        return [str(p) for p in (self.arrayfeed, self.backend, self.kernel_library, self.plugin) if not p.exists()]

    def to_json(self):
        return json.dumps({key: str(value) for key, value in asdict(self).items()})

    @classmethod
    def from_json(cls, text):
        fields = json.loads(text)
        return cls(**{key: int(value) if key == "table_mb" else Path(value) for key, value in fields.items()})
