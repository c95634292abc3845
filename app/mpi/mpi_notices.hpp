#pragma once

#include <mpi.h>

#include <optional>
#include <vector>

#include "core/rank_notices.hpp"

namespace arrayfeed {

/// RankNotices over point-to-point messages on a duplicate of
/// MPI_COMM_WORLD: one receive from any rank stays posted for the whole run,
/// and a failing rank sends its exit code to each of the others. At the end
/// (collective) every notice sent is received.
class MpiNotices final : public RankNotices {
 public:
  MpiNotices();  ///< duplicates MPI_COMM_WORLD: collective, in the same order on every rank
  ~MpiNotices() override;
  MpiNotices(const MpiNotices&) = delete;
  MpiNotices& operator=(const MpiNotices&) = delete;

  void announce_failure(int exit_code) override;
  std::optional<RankFailure> heard() override;

 private:
  void receive_every_notice();

  MPI_Comm m_comm = MPI_COMM_NULL;
  int m_rank = 0;
  int m_size = 1;
  MPI_Request m_listening = MPI_REQUEST_NULL;  ///< the posted receive; null once it completed
  int m_received = 0;
  int m_sent = 0;  ///< the exit code announced; the sends read it until they complete
  std::vector<MPI_Request> m_sending;
};

}  // namespace arrayfeed
