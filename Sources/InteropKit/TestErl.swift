import Foundation
import Synchronization

/// An `erl` node for one test, driven by a tiny read-eval-print loop on its standard input:
/// each ``eval(_:timeout:)`` sends one line of Erlang expressions and waits for its result,
/// printed with `~w` on a line of its own. Bindings persist from one line to the next.
public final class TestErl: Sendable {
    public let name: String
    public let cookie: String
    private let child: ChildProcess
    private let counter = Counter()

    /// Reads `Id<TAB>Exprs` lines; prints `RESULT Id Value` or `RESULT Id ERROR Class:Reason`.
    private static let repl = """
        R = fun R(B) -> case io:get_line("") of eof -> halt(); Line -> \
        {Id, Src} = lists:splitwith(fun(C) -> C =/= $\\t end, string:trim(Line, trailing, "\\n")), \
        B2 = try {ok, Ts, _} = erl_scan:string(tl(Src)), {ok, Es} = erl_parse:parse_exprs(Ts), \
        {value, V, NB} = erl_eval:exprs(Es, B), io:format("RESULT ~s ~w~n", [Id, V]), NB \
        catch C:E -> io:format("RESULT ~s ERROR ~w:~w~n", [Id, C, E]), B end, R(B2) end end, \
        io:format("READY~n"), R(erl_eval:new_bindings()).
        """

    /// Starts `erl -name Name -setcookie Cookie` against the EPMD on `epmdPort`, and waits for its
    /// read-eval-print loop to print `READY`; throws `InteropError` if it does not. Cost in real
    /// time: at most about 20 s, polling every 20 ms, each poll O(l) for the l lines printed so far.
    public init(prefix: String = "erl", cookie: String, epmdPort: UInt16, extra: [String] = []) async throws {
        name = Interop.uniqueName(prefix)
        self.cookie = cookie
        child = try ChildProcess(
            Interop.path(of: "erl")!,
            ["-noshell", "-name", name, "-setcookie", cookie, "-start_epmd", "false"] + extra + ["-eval", Self.repl],
            environment: ["ERL_EPMD_PORT": String(epmdPort)])
        let ready = await child.line(withPrefix: "READY", timeout: .seconds(20))
        guard ready != nil else {
            child.kill(); throw InteropError("erl \(name) did not start: \(child.output_.suffix(10))")
        }
    }

    /// Evaluates `expressions` (ending with a full stop) and returns what they printed as `~w`.
    /// Cost in real time: erl's own evaluation, waited for at most about `timeout` (then the result
    /// is `NO RESULT (timed out)`), polling every 20 ms, each poll O(l) for the l lines printed so
    /// far.
    @discardableResult
    public func eval(_ expressions: String, timeout: Duration = .seconds(15)) async -> String {
        let id = counter.next()
        child.write("\(id)\t\(expressions)")
        let line = await child.line(withPrefix: "RESULT \(id) ", timeout: timeout)
        return line.map { String($0.dropFirst("RESULT \(id) ".count)) } ?? "NO RESULT (timed out)"
    }

    public var output: [String] { child.output_ }

    /// Kills this `erl` and waits for it to exit. Cost: as `ChildProcess.kill()`.
    public func kill() { child.kill() }
}

/// A counter shared by tasks: 1, 2, 3, …
public final class Counter: Sendable {
    private let value = Mutex(0)
    /// A counter whose first `next()` is 1. O(1).
    public init() {}
    /// The next number. O(1).
    public func next() -> Int {
        value.withLock {
            $0 += 1; return $0
        }
    }
}
