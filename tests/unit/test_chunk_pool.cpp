#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "kernels/chunk_pool.hpp"

using namespace arrayfeed;

TEST_CASE("a chunk pool calls the work once per chunk, call after call, on several threads") {
  ChunkPool pool(3);
  CHECK(pool.threads() == 3);
  for (std::size_t chunks : {0U, 1U, 2U, 7U, 200U}) {
    std::vector<std::atomic<int>> calls(chunks);
    std::mutex mutex;
    std::set<std::thread::id> threads;
    pool.for_each(chunks, [&](std::size_t chunk) {
      calls[chunk].fetch_add(1);
      const std::lock_guard lock(mutex);
      threads.insert(std::this_thread::get_id());
    });
    for (const auto& count : calls) CHECK(count.load() == 1);
    CHECK(threads.size() <= 3);
  }
}

TEST_CASE("a chunk pool of one thread works on the calling thread") {
  ChunkPool pool(1);
  CHECK(pool.threads() == 1);
  std::vector<std::thread::id> seen;
  pool.for_each(4, [&](std::size_t) { seen.push_back(std::this_thread::get_id()); });
  CHECK(seen == std::vector<std::thread::id>(4, std::this_thread::get_id()));
}

TEST_CASE("a chunk pool rethrows a chunk's exception after the other chunks are done, and goes on working") {
  ChunkPool pool(2);
  std::atomic<int> done = 0;
  CHECK_THROWS_WITH_AS(pool.for_each(50,
                                     [&](std::size_t chunk) {
                                       if (chunk == 7) throw std::runtime_error("chunk 7 failed");
                                       done.fetch_add(1);
                                     }),
                       "chunk 7 failed", std::runtime_error);
  CHECK(done.load() == 49);
  done = 0;
  pool.for_each(10, [&](std::size_t) { done.fetch_add(1); });
  CHECK(done.load() == 10);
}

TEST_CASE("one call's share of the cores is at least one and at most the machine's share per rank") {
  const unsigned machine = std::max(1U, std::thread::hardware_concurrency());
  CHECK(cores_for_one_call(1) >= 1);
  CHECK(cores_for_one_call(1) <= machine);
  CHECK(cores_for_one_call(0) == cores_for_one_call(1));
  CHECK(cores_for_one_call(static_cast<int>(machine) * 4) == 1);
}
