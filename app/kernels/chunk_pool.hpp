#pragma once

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace arrayfeed {

/// Worker threads kept for the life of a kernel, so that one large call
/// (lsq over all rows of X) uses every core this process may use. Work is cut
/// into numbered chunks that the caller sums in their order: a result never
/// depends on how many threads there were or which one took which chunk.
class ChunkPool {
 public:
  /// `threads` in all, the calling thread among them (1: no workers).
  explicit ChunkPool(unsigned threads);
  ~ChunkPool();
  ChunkPool(const ChunkPool&) = delete;
  ChunkPool& operator=(const ChunkPool&) = delete;

  unsigned threads() const { return static_cast<unsigned>(m_workers.size()) + 1; }

  /// Calls work(i) once for each i in [0, chunks), on the calling thread and
  /// the workers, and returns when all are done; rethrows the first exception.
  void for_each(std::size_t chunks, const std::function<void(std::size_t)>& work);

 private:
  void serve();
  void take_chunks();
  void stop_workers();

  std::vector<std::jthread> m_workers;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  std::condition_variable m_done;
  const std::function<void(std::size_t)>* m_work = nullptr;
  std::size_t m_chunks = 0;
  std::size_t m_next = 0;       ///< the next chunk to hand out
  std::size_t m_finished = 0;   ///< chunks done in this call
  std::size_t m_round = 0;      ///< counts calls, so a worker wakes once per call
  std::exception_ptr m_error;
  bool m_stopping = false;
};

/// The cores in this process's affinity mask (what taskset or mpirun's binding left it).
unsigned cores_in_affinity_mask();

/// How many threads one kernel call should use: the cores in this process's
/// affinity mask, but no more than its share of the machine when a launcher
/// started several ranks on it that were not each bound to their own cores.
unsigned cores_for_one_call(int ranks_on_this_node);

}  // namespace arrayfeed
