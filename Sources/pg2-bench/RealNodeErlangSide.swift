@preconcurrency import Glibc
import Cluster
import Dispatch
import ErlangDist
import Foundation
import ProcessGroups
import RealNodes
import Synchronization

// `pg2-bench real`, the Erlang side: erl nodes running OTP's pg, driven by a compiled module.

/// The module every erl node runs: a read-eval-print loop on stdin (one expression a line, one
/// `~w` line back), an echo process, and the timed loops, compiled so no interpreter is timed.
let erlangModule = #"""
    -module(pgbench).
    -export([main/0, joins/2, rtt/2, spawn_join/2, connect/1, disconnect/1, wait_nodes/2, wait_alone/1, converge/4]).

    main() ->
        register(pgbench_echo, spawn(fun echo/0)),
        io:format("ready ~s~n", [node()]),
        loop(erl_eval:new_bindings()).

    echo() -> receive {From, M} -> From ! {pgbench_echo, M}, echo() end.

    loop(B) ->
        case io:get_line("") of
            eof -> erlang:halt(0);
            {error, _} -> erlang:halt(0);
            Line ->
                {V, B2} = try
                    {ok, Ts, _} = erl_scan:string(Line),
                    {ok, Es} = erl_parse:parse_exprs(Ts),
                    {value, V0, B1} = erl_eval:exprs(Es, B),
                    {V0, B1}
                catch C:E -> {{error, C, E}, B} end,
                io:format("~w~n", [V]),
                loop(B2)
        end.

    now_ns() -> erlang:monotonic_time(nanosecond).

    worker() -> spawn(fun() -> receive stop -> ok end end).

    %% K sequential pg:join(G, P) of one local process, each timed (ns).
    joins(G, K) ->
        P = worker(),
        [begin T0 = now_ns(), ok = pg:join(G, P), now_ns() - T0 end || _ <- lists:seq(1, K)].

    %% K message round trips to Node's echo process, each timed (ns).
    rtt(Node, K) ->
        [begin
             T0 = now_ns(),
             {pgbench_echo, Node} ! {self(), x},
             receive {pgbench_echo, x} -> ok end,
             now_ns() - T0
         end || _ <- lists:seq(1, K)].

    %% K new local processes join G; the members this node lists after.
    spawn_join(G, K) ->
        [ok = pg:join(G, worker()) || _ <- lists:seq(1, K)],
        length(pg:get_members(G)).

    connect(Nodes) -> [net_kernel:connect_node(N) || N <- Nodes].
    disconnect(Node) -> erlang:disconnect_node(Node).

    wait_nodes(N, Ms) -> wait(fun() -> length(nodes()) >= N end, now_ns() + Ms * 1000000).
    wait_alone(Ms) -> wait(fun() -> nodes() =:= [] end, now_ns() + Ms * 1000000).

    wait(F, Deadline) ->
        case F() of
            true -> ok;
            false ->
                case now_ns() > Deadline of
                    true -> timeout;
                    false -> receive after 1 -> ok end, wait(F, Deadline)
                end
        end.

    %% Connects to Peer, then {ns until this node lists Want members of G, ns until Peer does too}.
    converge(G, Want, Peer, Ms) ->
        T0 = now_ns(),
        Deadline = T0 + Ms * 1000000,
        true = net_kernel:connect_node(Peer),
        ok = spin(fun() -> length(pg:get_members(G)) >= Want end, Deadline),
        Here = now_ns() - T0,
        ok = spin(fun() -> length(erpc:call(Peer, pg, get_members, [G])) >= Want end, Deadline),
        {Here, now_ns() - T0}.

    spin(F, Deadline) ->
        case F() of
            true -> ok;
            false ->
                case now_ns() > Deadline of
                    true -> timeout;
                    false -> erlang:yield(), spin(F, Deadline)
                end
        end.
    """#

/// Writes `pgbench.erl` to `directory` and compiles it there with `erlc`.
func compileErlangModule(in directory: String, tools: Tools, children: ChildList) async throws {
    try erlangModule.write(toFile: directory + "/pgbench.erl", atomically: true, encoding: .utf8)
    let erlc = try ChildProcess(
        "erlc", executable: tools.erlc, arguments: ["-o", directory, directory + "/pgbench.erl"])
    children.add(erlc)
    try await waitUntil("erlc to finish", within: .seconds(60)) { !erlc.isRunning }
    guard FileManager.default.fileExists(atPath: directory + "/pgbench.beam") else {
        throw ChildError(description: "erlc failed: \(erlc.stderrTail)")
    }
}

/// An Erlang list of integers, `[1,2,3]`, as numbers.
func integers(_ line: String) throws -> [Double] {
    let inner = line.trimmingCharacters(in: CharacterSet(charactersIn: "[]{} "))
    let values = inner.split(separator: ",").compactMap { Double($0) }
    guard !values.isEmpty, values.count == inner.split(separator: ",").count else {
        throw ChildError(description: "expected integers from erl, got \(line.prefix(200))")
    }
    return values
}

final class ErlCluster: @unchecked Sendable {
    let nodes: [ChildProcess]
    let names: [String]

    private init(nodes: [ChildProcess], names: [String]) {
        self.nodes = nodes
        self.names = names
    }

    var driver: ChildProcess { nodes[0] }

    static func start(
        size: Int, run: String, epmdPort: UInt16, directory: String, tools: Tools,
        children: ChildList
    ) async throws -> ErlCluster {
        let cookie = randomCookie()
        let names = (1...size).map { "pgb_\(run)_\(size)_\($0)@127.0.0.1" }
        // No automatic connections at all: every connection is one the bench makes, and a
        // disconnected pair stays apart until it reconnects them.
        let nodes = try names.map { name in
            children.add(
                try ChildProcess(
                    name, executable: tools.erl,
                    arguments: [
                        "-name", name, "-setcookie", cookie, "-noshell", "-start_epmd", "false", "-pa", directory,
                        "-kernel", "start_pg", "true", "connect_all", "false", "dist_auto_connect", "never",
                        "-eval", "spawn(fun pgbench:main/0)",
                    ],
                    environment: ["ERL_EPMD_PORT": "\(epmdPort)"]))
        }
        for (node, name) in zip(nodes, names) {
            _ = try await node.readLine(
                until: { $0 == "ready \(name)" }, within: .seconds(30), waitingFor: "ready \(name)")
        }
        let cluster = ErlCluster(nodes: nodes, names: names)
        // A full mesh, made by hand: each node connects to those after it.
        for (i, node) in nodes.enumerated() where i + 1 < size {
            let later = names[(i + 1)...].map { "'\($0)'" }.joined(separator: ",")
            let answer = try await node.ask("pgbench:connect([\(later)]).")
            guard !answer.contains("false") else {
                throw ChildError(description: "\(names[i]) could not connect: \(answer)")
            }
        }
        for node in nodes {
            let answer = try await node.ask("pgbench:wait_nodes(\(size - 1), 10000).", within: .seconds(15))
            guard answer == "ok" else { throw ChildError(description: "\(node.label) did not see the mesh: \(answer)") }
        }
        return cluster
    }

    func measureJoins() async throws -> SideResult {
        _ = try integers(try await driver.ask("pgbench:joins(g, \(warmupJoins))."))
        let joins = try integers(try await driver.ask("pgbench:joins(g, \(timedJoins))."))
        var roundTrip: Sample?
        if names.count > 1 {
            _ = try await driver.ask("pgbench:rtt('\(names[1])', 50).")
            roundTrip = Sample(
                try integers(try await driver.ask("pgbench:rtt('\(names[1])', \(timedRoundTrips)).")).map { $0 / 1000 })
        }
        return SideResult(join: Sample(joins.map { $0 / 1000 }), roundTrip: roundTrip)
    }

    func measureConvergence() async throws -> Convergence {
        let peer = names[1], other = nodes[1]
        _ = try await driver.ask("pgbench:disconnect('\(peer)').")
        for node in [driver, other] {
            let answer = try await node.ask("pgbench:wait_alone(10000).", within: .seconds(15))
            guard answer == "ok" else { throw ChildError(description: "\(node.label) still connected: \(answer)") }
        }
        for node in [driver, other] {
            let listed = try await node.ask("pgbench:spawn_join(c, \(convergenceJoins)).")
            guard listed == "\(convergenceJoins)" else {
                throw ChildError(description: "\(node.label) lists \(listed) in c while apart")
            }
        }
        let answer = try await driver.ask(
            "pgbench:converge(c, \(2 * convergenceJoins), '\(peer)', 20000).", within: .seconds(25))
        let times = try integers(answer)
        guard times.count == 2 else { throw ChildError(description: "converge answered \(answer)") }
        return Convergence(here: times[0] / 1e6, both: times[1] / 1e6)
    }
}
