#include "kernels/chunk_pool.hpp"

#include <sched.h>

#include <algorithm>

namespace arrayfeed {

ChunkPool::ChunkPool(unsigned threads) {
  try {
    for (unsigned i = 1; i < threads; ++i) m_workers.emplace_back([this] { serve(); });
  } catch (...) {  // no thread to be had (ulimit -u, -v): the ones started must end before the members go
    stop_workers();
    throw;
  }
}

ChunkPool::~ChunkPool() { stop_workers(); }

void ChunkPool::stop_workers() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_wake.notify_all();
  m_workers.clear();  // joined here, while the mutex and conditions they wait on still exist
}

void ChunkPool::for_each(std::size_t chunks, const std::function<void(std::size_t)>& work) {
  {
    std::lock_guard lock(m_mutex);
    m_work = &work;
    m_chunks = chunks;
    m_next = m_finished = 0;
    m_error = nullptr;
    ++m_round;
  }
  m_wake.notify_all();
  take_chunks();
  std::unique_lock lock(m_mutex);
  m_done.wait(lock, [&] { return m_finished == m_chunks; });
  m_work = nullptr;
  if (m_error) std::rethrow_exception(m_error);
}

void ChunkPool::serve() {
  std::size_t seen = 0;
  for (;;) {
    {
      std::unique_lock lock(m_mutex);
      m_wake.wait(lock, [&] { return m_stopping || m_round != seen; });
      if (m_stopping) return;
      seen = m_round;
    }
    take_chunks();
  }
}

// Chunks are handed out under the lock: a call has tens of them, each of
// hundreds of microseconds, so the lock is never what a thread waits on.
void ChunkPool::take_chunks() {
  std::unique_lock lock(m_mutex);
  while (m_work && m_next < m_chunks) {
    const std::size_t chunk = m_next++;
    const auto* work = m_work;
    lock.unlock();
    std::exception_ptr error;
    try {
      (*work)(chunk);
    } catch (...) {
      error = std::current_exception();
    }
    lock.lock();
    if (error && !m_error) m_error = error;
    if (++m_finished == m_chunks) m_done.notify_all();
  }
}

unsigned cores_in_affinity_mask() {
  cpu_set_t mask;
  return sched_getaffinity(0, sizeof mask, &mask) == 0 ? static_cast<unsigned>(CPU_COUNT(&mask)) : 1U;
}

unsigned cores_for_one_call(int ranks_on_this_node) {
  const unsigned allowed = cores_in_affinity_mask();
  const unsigned machine = std::max(1U, std::thread::hardware_concurrency());
  const unsigned share = std::max(1U, machine / static_cast<unsigned>(std::max(ranks_on_this_node, 1)));
  return std::clamp(allowed, 1U, share);
}

}  // namespace arrayfeed
