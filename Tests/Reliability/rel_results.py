"""Results of the checks, the final table, and small statistics helpers."""

import json
import math

PASS, FAIL, SKIPPED = "PASS", "FAIL", "SKIPPED"


class Result:
    """One row of the final table. Failures are sentences, each naming what was expected and what happened."""

    def __init__(self, check, rounds=0):
        self.check = check
        self.rounds = rounds
        self.numbers = []
        self.failures = []
        self.skipped = None
        self.seconds = 0.0

    def fail(self, sentence):
        self.failures.append(sentence)

    def note(self, text):
        self.numbers.append(text)

    def skip(self, reason):
        self.skipped = reason
        return self

    @property
    def status(self):
        if self.skipped is not None:
            return SKIPPED
        return FAIL if self.failures else PASS

    def as_dict(self):
        return {"check": self.check, "rounds": self.rounds, "result": self.status, "numbers": self.numbers,
                "failures": self.failures, "skipped": self.skipped, "seconds": round(self.seconds, 1)}


def percentile(values, fraction):
    """Nearest-rank percentile; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def ms(seconds):
    return "n/a" if seconds is None else f"{seconds * 1000:.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"


def latency_summary(values):
    if not values:
        return "no samples"
    return (f"n={len(values)} p50 {ms(percentile(values, 0.5))}, p99 {ms(percentile(values, 0.99))}, "
            f"max {ms(max(values))}")


def print_table(results, out):
    headers = ("check", "rounds", "result", "time")
    rows = [((r.check, str(r.rounds), r.status, f"{r.seconds:.0f} s"),
             [r.skipped] if r.skipped is not None else (r.numbers or [""])) for r in results]
    widths = [max([len(h)] + [len(cells[i]) for cells, _ in rows]) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths)) + "  numbers"
    out.write("\n" + line + "\n" + "-" * min(160, len(line) + 60) + "\n")
    indent = " " * (sum(widths) + 2 * len(widths))
    for cells, numbers in rows:
        out.write("  ".join(v.ljust(w) for v, w in zip(cells, widths)) + "  " + numbers[0] + "\n")
        for number in numbers[1:]:
            out.write(indent + number + "\n")
    failed = [r for r in results if r.status == FAIL]
    if failed:
        out.write("\nFailures:\n")
        for result in failed:
            for sentence in result.failures[:20]:
                out.write(f"  [{result.check}] {sentence}\n")
            if len(result.failures) > 20:
                out.write(f"  [{result.check}] … and {len(result.failures) - 20} more (see results.json)\n")
    counts = {s: sum(1 for r in results if r.status == s) for s in (PASS, FAIL, SKIPPED)}
    out.write(f"\nreliability: {counts[PASS]} passed, {counts[FAIL]} failed, {counts[SKIPPED]} skipped\n")


def write_json(results, path, extra):
    with open(path, "w") as handle:
        json.dump({"results": [r.as_dict() for r in results], **extra}, handle, indent=2)
