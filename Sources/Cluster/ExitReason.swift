/// Why a process ended, as a ``Down`` notification reports it.
///
/// These are the reasons Erlang's monitors report, with the same meaning:
/// - ``normal``: the process finished (here: its actor was deinitialised, or `exit(pid, .normal)`);
/// - ``killed``: it was killed (`Simulation.kill`, Erlang's `exit(Pid, kill)`);
/// - ``noproc``: it was already dead when the monitor was set up;
/// - ``noconnection``: the connection to its node was lost, so nobody can know whether it lives —
///   a monitor cannot tell a dead process from an unreachable one, and pg2 treats both alike;
/// - ``other(_:)``: any other reason given to ``Node/exit(_:reason:)``.
public enum ExitReason: Hashable, Sendable, Codable, CustomStringConvertible {
    case normal
    case killed
    case noproc
    case noconnection
    case other(String)

    public var description: String {
        switch self {
        case .normal: "normal"
        case .killed: "killed"
        case .noproc: "noproc"
        case .noconnection: "noconnection"
        case .other(let reason): reason
        }
    }
}
