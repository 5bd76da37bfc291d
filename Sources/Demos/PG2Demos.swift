import Cluster
import ProcessGroups

/// Demos of pg2 working as designed.
extension DemoCatalog {
    /// Adds nodes named `names` and starts pg2 (and its lock server) on each, in a folded
    /// "setup" phase; `then` says what else the demo does before its first step.
    static func cluster(_ context: DemoContext, _ names: [NodeName], then: String = "") throws -> [Node] {
        context.phase(
            "setup",
            "Start pg2 on \(list(names.map(\.rawValue))): every node hears nodeup for every other, and the pg2 "
                + "servers greet each other (newPG2) and swap their tables, still empty (exchange)."
                + (then.isEmpty ? "" : " " + then),
            folded: true)
        let nodes = names.map { context.sim.addNode($0) }
        for node in nodes { try ProcessGroups.start(on: node) }
        return nodes
    }

    /// `a`, `a and b`, `a, b and c`.
    static func list(_ items: [String]) -> String {
        items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + items.last!
    }

    /// `NodeName: members` for every node, e.g. `a: [<b.1>]  b: [<b.1>]`.
    static func describe(_ group: GroupName, on nodes: [Node]) -> String {
        nodes.map { node in
            let members =
                (try? ProcessGroups(node: node).members(of: group))
                .map { "[" + $0.map(\.description).joined(separator: ", ") + "]" } ?? "no such group"
            return "\(node.name): \(members)"
        }.joined(separator: "   ")
    }

    /// Who holds what, nodes that agree together: `a and b list [<a.1>], c lists []`, or
    /// `all three list [<a.1>]`.
    static func agreement(on nodes: [Node], _ holding: (Node) -> String) -> String {
        var order: [String] = [], holders: [String: [String]] = [:]
        for node in nodes {
            let held = holding(node)
            if holders[held] == nil { order.append(held) }
            holders[held, default: []].append(node.name.rawValue)
        }
        if order.count == 1, nodes.count > 1 {
            let all = [2: "both", 3: "all three", 4: "all four"][nodes.count] ?? "all \(nodes.count)"
            return "\(all) list \(order[0])"
        }
        return order.map { held in
            let names = holders[held] ?? []
            return "\(list(names)) \(names.count == 1 ? "lists" : "list") \(held)"
        }.joined(separator: ", ")
    }

    /// ``agreement(on:_:)`` for the members of `group`.
    static func agreement(_ group: GroupName, on nodes: [Node]) -> String {
        agreement(on: nodes) { node in
            (try? ProcessGroups(node: node).members(of: group))
                .map { "[" + $0.map(\.description).joined(separator: ", ") + "]" } ?? "no group \(group)"
        }
    }

    /// A test for delivered messages whose text contains every one of `words`.
    static func messages(_ words: String...) -> (TraceEvent) -> Bool {
        { event in
            guard case .message = event.kind else { return false }
            return words.allSatisfy { event.text.contains($0) }
        }
    }

    static let join = Demo("join", "one write across three nodes: lock, multicall, unlock") { context in
        let nodes = try cluster(
            context, ["a", "b", "c"],
            then: "Meanwhile a creates group chat, in the same three rounds as the join that follows.")
        let worker = context.spawn(on: nodes[1])
        try await context.sim.run {
            let pg2 = ProcessGroups(node: nodes[0])
            context.say("a creates group chat: lock {pg2, chat} on a, b, c; every server creates it; unlock")
            try await pg2.create("chat")
            context.phase(
                "join",
                "a joins \(worker.id), a process on b, to chat. Round 1 takes the lock {pg2, chat} on every node "
                    + "(setLock), round 2 calls join on every pg2 server, round 3 unlocks (deleteLock).")
            try await pg2.join("chat", worker.id)
            context.say("when the join returns, every node lists it — " + describe("chat", on: nodes))
        }
        let rounds = ["setLock", "ExchangeServer.join", "deleteLock"].map {
            context.count(since: "join", where: messages("call a#", $0))
        }
        context.tell(
            "Three nodes, a, b and c, run pg2, and a has created group chat. Now a joins \(worker.id), a process "
                + "on b, to chat: a write, so it goes to every node, in three rounds of calls from a — look for "
                + "\(rounds[0]) setLock calls to the other nodes' lock servers, then \(rounds[1]) join calls to "
                + "their pg2 servers, then \(rounds[2]) deleteLock calls, each round waiting for every reply. (a's "
                + "own servers are called too, directly, so those calls are not in the trace.) When the join returns, "
                + "\(agreement("chat", on: nodes)). The monitor messages between the "
                + "rounds are the lock servers watching the lock's holder, and the pg2 servers watching the new "
                + "member.")
    }

    static let memberDies = Demo("member-dies", "a member dies; every node's own monitor removes it") { context in
        let nodes = try cluster(context, ["a", "b", "c"], then: "Then a creates group jobs.")
        let worker = context.spawn(on: nodes[2])
        try await context.sim.run {
            let pg2 = ProcessGroups(node: nodes[0])
            try await pg2.create("jobs")
            context.phase(
                "join",
                "a joins \(worker.id), a process on c, to jobs: lock, join on every node, unlock. Every pg2 server "
                    + "that adds the member also monitors it: a and b by a monitor message to c, c locally.")
            try await pg2.join("jobs", worker.id)
            context.say("\(worker.id) joined jobs; each node now monitors it — " + describe("jobs", on: nodes))
        }
        context.phase(
            "kill",
            "Kill \(worker.id). c ends it, and every monitor on it fires: c's at once, a's and b's by a DOWN message "
                + "from c. Each pg2 server then removes the member on its own: no lock, no call.")
        context.sim.kill(worker.id)
        try await context.sim.quiescence()
        context.say("no lock, no write: each node removed it alone — " + describe("jobs", on: nodes))
        let downs = context.count(since: "kill", where: messages("DOWN"))
        let calls = context.count(since: "kill", where: messages("call "))
        context.tell(
            "Three nodes, a, b and c, run pg2. a joins \(worker.id), a process on c, to group jobs, and every node's "
                + "pg2 server starts to monitor it. Then \(worker.id) is killed. Look just after the ⚡ kill: c notes "
                + "the exit and its own DOWN, and \(downs) DOWN message\(downs == 1 ? "" : "s") carry the news to the "
                + "other nodes. Nobody takes a lock and \(calls == 0 ? "no call is made" : "\(calls) calls are made"): "
                + "each node's own monitor removes the member from its own table — pg2's member_died. Afterwards "
                + agreement("jobs", on: nodes) + ".")
    }

    static let lockContention = Demo(
        "lock-contention", "three nodes join the same group at once; the global lock serialises them"
    ) { context in
        let nodes = try cluster(context, ["a", "b", "c"], then: "Then a creates group room.")
        let workers = nodes.map { context.spawn(on: $0) }
        try await context.sim.run {
            try await ProcessGroups(node: nodes[0]).create("room")
            context.phase(
                "three joins at once",
                "a, b and c each join their own process to room at the same moment. Each needs the lock "
                    + "{pg2, room} on all three nodes; a refused one releases what it got, waits a random while "
                    + "and tries again.")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (node, worker) in zip(nodes, workers) {
                    group.addTask { try await ProcessGroups(node: node).join("room", worker.id) }
                }
                try await group.waitForAll()
            }
            context.say("refused attempts released their partial grants and backed off 1…250 ms at random")
            context.say("all three joins done, in one order on every node — " + describe("room", on: nodes))
        }
        let asked = context.count(since: "three joins at once", where: messages("setLock"))
        let refused = context.count(since: "three joins at once") { event in
            guard case .message = event.kind else { return false }
            return event.text.hasPrefix("reply ") && event.text.hasSuffix(" false")
        }
        let phase = context.sim.trace.marks.last { $0.kind == .phase(title: "three joins at once", folded: false) }
        let firstGrant = context.sim.trace.events.dropFirst(phase?.position ?? 0).first {
            $0.text.hasPrefix("reply ") && $0.text.hasSuffix(" true")
        }
        context.tell(
            "Three nodes, a, b and c, run pg2 with group room. All three join their own process to room at the same "
                + "moment, and each join needs the global lock {pg2, room} on every node. Look at the setLock "
                + "calls (\(asked) in all) and their replies: a lock server answers true to grant the lock and false "
                + "to refuse it (\(refused) refusal\(refused == 1 ? "" : "s") here). A refused requester gives back "
                + "whatever it was granted and tries again after a random pause"
                + (firstGrant.map { ", which is why nothing happens until the first grant at t=\($0.time) µs" } ?? "")
                + ". So the joins happen one at a time, and every node applies them in the same order: "
                + agreement("room", on: nodes) + ".")
    }

    static let partitionHeal = Demo(
        "partition-heal", "two halves write during a partition; the exchange on heal merges them"
    ) { context in
        let nodes = try cluster(context, ["a", "b", "c", "d"], then: "Then a creates group g.")
        let workers = nodes.map { context.spawn(on: $0) }
        try await context.sim.run { try await ProcessGroups(node: nodes[0]).create("g") }
        context.phase(
            "partition",
            "Cut {a, b} off from {c, d}; then every node joins its own process to g, twice. Each join locks and "
                + "updates only the nodes on its own side.")
        context.sim.partition(["a", "b"], ["c", "d"])
        try await context.sim.run {
            for (node, worker) in zip(nodes, workers) {
                try await ProcessGroups(node: node).join("g", worker.id)
                try await ProcessGroups(node: node).join("g", worker.id)
            }
            context.say("after the joins, each side sees only its own: " + describe("g", on: nodes))
        }
        let split = agreement("g", on: nodes)
        context.phase(
            "heal",
            "Mend every link. Each node hears nodeup for the two nodes it had lost, and its pg2 server casts its "
                + "whole table to them (exchange); each server merges the tables it receives.")
        context.sim.heal()
        try await context.sim.quiescence()
        context.say("merged (remote − local, counts as max): " + describe("g", on: nodes))
        let exchanges = context.count(since: "heal", where: messages("ExchangeServer.exchange("))
        let monitors = context.count(since: "heal") { messages("monitor <")($0) && $0.text.hasPrefix("monitor") }
        context.tell(
            "Four nodes, a, b, c and d, run pg2 with group g. The network is cut into {a, b} and {c, d}, and every "
                + "node joins its own process to g twice; each write reaches only its own side, so the halves "
                + "disagree: \(split). Then the network heals. Look just after the ⚡ heal: the nodeup notes, "
                + "and then the \(exchanges) exchange casts: each pg2 server sends its whole table to each node "
                + "it had lost, the group's member list written out in full. Each receiver joins the members it did "
                + "not know (remote − local) and monitors them (the \(monitors) monitor messages), with no lock and "
                + "no call. In the end \(agreement("g", on: nodes)).")
    }
}
