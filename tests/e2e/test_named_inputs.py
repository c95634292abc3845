"""Steps yielded as a dict of input name to array: accepted for a one-input
kernel, refused before the kernel (with the input's name, the yield, where
and the fix) when a key is unknown, not a str, or the input is missing."""

import unittest

from e2e_support import ArrayfeedTestCase, line_of, parse_jsonl, script

NAMED = script("named_yields.py")

# case -> text the refusal's first line holds
REFUSALS = {
    "unknown": "kernel 'stats' has no input 'w'",
    "non_str": "the dict's key 1 is not a str",
    "missing": "kernel 'stats' needs input 'x', which the dict leaves out",
}


class NamedInputs(ArrayfeedTestCase):

    def run_case(self, case, *extra):
        out = self.path("out.jsonl")
        return self.arrayfeed("run", NAMED, "--kernel", "stats", "--set", f"case={case}", "--output", out,
                              *extra), out

    def test_a_dict_for_a_one_input_kernel_is_read_like_a_bare_array(self):
        for extra in ((), ("--prefetch", "2", "--threads", "2")):
            with self.subTest(extra=extra):
                r, out = self.run_case("bare", *extra)
                self.assertExit(r, 0)
                self.assertEqual([line["index"] for line in parse_jsonl(out)], [0, 1])

    def test_each_dict_refusal_names_the_input_yield_and_fix_before_the_kernel(self):
        for extra in ((), ("--prefetch", "2"), ("--threads", "2")):
            for case, headline in REFUSALS.items():
                with self.subTest(case=case, extra=extra):
                    r, out = self.run_case(case, *extra)
                    self.assertExit(r, 1)
                    line = line_of(NAMED, f"# NAMED:{case}")
                    self.assertInStderr(f"yield #2 at {NAMED}:{line}: {headline}", r)
                    self.assertInStderr("inputs: x", r)
                    self.assertStderrMatches(r"(?m)^\s*fix:\s+.*\{'x': \.\.\.\}", r)
                    self.assertEqual([line["index"] for line in parse_jsonl(out)], [0])

    def test_a_dict_value_the_contract_refuses_gets_the_per_array_message(self):
        r, _ = self.run_case("contract")
        self.assertExit(r, 1)
        self.assertInStderr("kernel 'stats' cannot read it in place", r)
        self.assertInStderr("int32", r)


if __name__ == "__main__":
    unittest.main()
