#include "python/yield_refusal.hpp"

#include "core/errors.hpp"
#include "python/script_iterator.hpp"

namespace arrayfeed {

void refuse_yield(std::uint64_t yield_number, const ScriptIterator& source, const YieldRefusal& refusal) {
  throw ScriptError("yield #" + std::to_string(yield_number) + " at " + source.where() + ": " + refusal.headline +
                    "\n" +
                    "  expected: " + refusal.expected + "\n" +
                    "  got:      " + refusal.got + "\n" +
                    "  fix:      " + refusal.fix +
                    (refusal.convertible ? "   (or run with --convert to copy, counted in the summary)" : ""));
}

}  // namespace arrayfeed
