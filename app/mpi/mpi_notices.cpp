#include "mpi/mpi_notices.hpp"

namespace arrayfeed {
namespace {

constexpr int failure_tag = 1;

}  // namespace

MpiNotices::MpiNotices() {
  MPI_Comm_dup(MPI_COMM_WORLD, &m_comm);
  MPI_Irecv(&m_received, 1, MPI_INT, MPI_ANY_SOURCE, failure_tag, m_comm, &m_listening);
}

// A notice still unsent or unheard must not outlive the communicator: the
// sends (a few bytes, sent eagerly) complete, the receive no one answered is cancelled.
MpiNotices::~MpiNotices() {
  int finalized = 0;
  MPI_Finalized(&finalized);  // a script may have called MPI.Finalize()
  if (finalized) return;
  MPI_Waitall(static_cast<int>(m_sending.size()), m_sending.data(), MPI_STATUSES_IGNORE);
  if (m_listening != MPI_REQUEST_NULL) {
    MPI_Cancel(&m_listening);
    MPI_Wait(&m_listening, MPI_STATUS_IGNORE);
  }
  MPI_Comm_free(&m_comm);
}

void MpiNotices::announce_failure(int exit_code) {
  if (!m_sending.empty()) return;
  int rank = 0, size = 1;
  MPI_Comm_rank(m_comm, &rank);
  MPI_Comm_size(m_comm, &size);
  m_sent = exit_code;
  m_sending.reserve(static_cast<std::size_t>(size - 1));
  for (int other = 0; other < size; ++other) {
    if (other == rank) continue;
    m_sending.emplace_back();
    MPI_Isend(&m_sent, 1, MPI_INT, other, failure_tag, m_comm, &m_sending.back());
  }
}

std::optional<RankFailure> MpiNotices::heard() {
  if (m_heard || m_listening == MPI_REQUEST_NULL) return m_heard;
  int arrived = 0;
  MPI_Status status;
  MPI_Test(&m_listening, &arrived, &status);
  if (arrived) m_heard = RankFailure{.rank = status.MPI_SOURCE, .exit_code = m_received};
  return m_heard;
}

}  // namespace arrayfeed
