/// Why a call failed — for reasons of the cluster, not of the function called.
///
/// Errors a distributed function throws itself reach the caller as themselves (if `Codable`):
/// a `throw GroupError.noSuchGroup("g")` on node b is caught as `GroupError.noSuchGroup("g")`
/// on node a. `CallError` covers what can go wrong *around* the function.
public enum CallError: Error, Codable, Hashable, Sendable, CustomStringConvertible {
    /// The process does not exist: it died, never existed, or lived on an earlier incarnation of
    /// its node. (Erlang: `exit({noproc, …})`.)
    case noproc(Pid)
    /// The node is not connected, crashed, or the connection went down before the reply came.
    /// (Erlang: `exit({nodedown, …})`.)
    case noconnection(NodeName)
    /// No reply within the call's timeout. (Erlang's `gen_server:call` waits 5 s by default.)
    case timeout(Pid, Duration)
    /// The request could not be understood: unknown function, wrong argument types.
    case badRequest(String)
    /// The reply could not be understood.
    case badReply(String)
    /// The remote function threw an error that is not `Codable`; only its description crossed.
    case remote(String)
    /// A non-`Void` function was called inside ``Node/cast(_:_:)``: a cast has no reply.
    case notACast(String)
    /// The process is of another type than the call was meant for: a `Counter` asked to run
    /// `Namer.rename(_:)`, or a live local `ExchangeServer` resolved as a `PG2Server`. The
    /// function is not run (see ``CallTargets``); `actual` is the process's type, `expected` the
    /// type the caller took it for.
    case wrongType(Pid, actual: String, expected: String)

    public var description: String {
        switch self {
        case .noproc(let pid): "noproc: no process \(pid)"
        case .noconnection(let node): "noconnection: node \(node) is not connected"
        case .timeout(let pid, let after): "timeout: \(pid) did not answer within \(after)"
        case .badRequest(let why): "bad request: \(why)"
        case .badReply(let why): "bad reply: \(why)"
        case .remote(let what): "remote error: \(what)"
        case .notACast(let call): "\(call) returns a value, so it cannot be cast"
        case .wrongType(let pid, let actual, let expected):
            "wrong type: \(pid) is a \(actual), not a \(expected)"
        }
    }
}
