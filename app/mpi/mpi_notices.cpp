#include "mpi/mpi_notices.hpp"

#include "mpi/mpi_communicator.hpp"

namespace arrayfeed {
namespace {

constexpr int failure_tag = 1;

}  // namespace

MpiNotices::MpiNotices() {
  MPI_Comm_dup(MPI_COMM_WORLD, &m_comm);
  MPI_Comm_rank(m_comm, &m_rank);
  MPI_Comm_size(m_comm, &m_size);
  MPI_Irecv(&m_received, 1, MPI_INT, MPI_ANY_SOURCE, failure_tag, m_comm, &m_listening);
}

MpiNotices::~MpiNotices() {
  int finalized = 0;
  MPI_Finalized(&finalized);  // a script may have called MPI.Finalize()
  if (finalized) return;
  receive_every_notice();
  MPI_Waitall(static_cast<int>(m_sending.size()), m_sending.data(), MPI_STATUSES_IGNORE);
  MPI_Comm_free(&m_comm);
}

// Every notice sent is received before the communicator goes: the ranks
// learn how many ranks announced (each told every other rank), take the
// ones the posted receive did not, and cancel it only when none is left.
void MpiNotices::receive_every_notice() {
  int announced = m_sending.empty() ? 0 : 1;
  MPI_Request request;
  MPI_Iallreduce(MPI_IN_PLACE, &announced, 1, MPI_INT, MPI_SUM, m_comm, &request);
  wait_patiently(request);
  int missing = announced - (m_sending.empty() ? 0 : 1) - (m_listening == MPI_REQUEST_NULL ? 1 : 0);
  if (m_listening != MPI_REQUEST_NULL) {
    if (missing > 0) {
      wait_patiently(m_listening);
      --missing;
    } else {
      MPI_Cancel(&m_listening);
      MPI_Wait(&m_listening, MPI_STATUS_IGNORE);
    }
  }
  for (int notice = 0; notice < missing; ++notice)
    MPI_Recv(&m_received, 1, MPI_INT, MPI_ANY_SOURCE, failure_tag, m_comm, MPI_STATUS_IGNORE);
}

void MpiNotices::announce_failure(int exit_code) {
  if (!m_sending.empty()) return;
  m_sent = exit_code;
  m_sending.reserve(static_cast<std::size_t>(m_size - 1));
  for (int other = 0; other < m_size; ++other) {
    if (other == m_rank) continue;
    m_sending.emplace_back();
    MPI_Isend(&m_sent, 1, MPI_INT, other, failure_tag, m_comm, &m_sending.back());
  }
}

std::optional<RankFailure> MpiNotices::heard() {
  if (m_listening == MPI_REQUEST_NULL) return std::nullopt;  // none posted, or heard and told already
  int arrived = 0;
  MPI_Status status;
  MPI_Test(&m_listening, &arrived, &status);  // a completed request becomes MPI_REQUEST_NULL
  if (!arrived) return std::nullopt;
  return RankFailure{.rank = status.MPI_SOURCE, .exit_code = m_received};
}

}  // namespace arrayfeed
