/// An error an API documents as one of its normal outcomes — `noSuchGroup` from a join, `noproc`
/// from a call to a dead process — as opposed to a bug or a broken run.
///
/// The marker only changes what ``Simulation/run(_:)`` reports: a documented error thrown by a
/// run's body reaches the caller as usual, but is not also announced on standard error (unless
/// the simulation has a replay command, as a test's does). Conform the errors your API throws on
/// purpose.
public protocol DocumentedError: Error {}

extension CallError: DocumentedError {}
extension ProcessError: DocumentedError {}
extension Node.NameTaken: DocumentedError {}
