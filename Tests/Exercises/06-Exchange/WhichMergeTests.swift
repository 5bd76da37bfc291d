import Cluster
import Distributed
import Exchange
import ExchangeExercises
import GlobalLock
import LocalTable
import Monitors
import SingleNodeServer
import TestKit
import Testing

/// The merge rule a node's ``PlantedExchangeServer`` follows, published on the node before the
/// server starts.
final class PlantedMergeRule: Sendable {
    static let tableName = "planted_merge_rule"
    let rule: MergeRule
    init(_ rule: MergeRule) { self.rule = rule }
}

/// A pg2 server that exchanges tables on `nodeup` as chapter 6's does, but merges a peer's counts
/// by another rule: their sum, or the peer's count.
distributed actor PlantedExchangeServer: GroupServer {
    typealias ActorSystem = Node
    static let name = PG2Server.name

    private let rule: MergeRule
    private let core: Memberships
    private let downs = DownInbox<PlantedExchangeServer> { server, downs in server.membersDied(downs.map(\.ref)) }

    init(actorSystem: Node) {
        self.actorSystem = actorSystem
        rule = actorSystem.table(PlantedMergeRule.tableName, as: PlantedMergeRule.self)?.rule ?? .maximum
        core = Memberships(node: actorSystem, server: id)
    }

    nonisolated func didRegister() {
        actorSystem.monitorNodes(for: self, nodeUp: { server, peer in server.sendExchange(to: peer) })
    }

    static func isRegistered(_ server: PlantedExchangeServer, on node: Node) -> Bool {
        (try? node.resolve(name, on: node.name, as: PlantedExchangeServer.self)) === server
    }

    nonisolated func perform(_ request: GroupRequest) async throws {
        switch request {
        case .create(let name): try await create(name)
        case .delete(let name): try await delete(name)
        case .join(let name, let pid): try await join(name, pid)
        case .leave(let name, let pid): try await leave(name, pid)
        }
    }

    distributed func create(_ name: GroupName) { core.create(name) }
    distributed func delete(_ name: GroupName) { core.delete(name, monitoring: monitors) }
    distributed func join(_ name: GroupName, _ pid: Pid) { core.join(name, pid, monitoring: monitors) }
    distributed func leave(_ name: GroupName, _ pid: Pid) { core.leave(name, pid, monitoring: monitors) }

    /// A peer's table arrives: merged by this server's rule.
    distributed func exchange(groups: [GroupSnapshot]) {
        for snapshot in groups {
            core.create(snapshot.name)
            switch rule {
            case .sum:
                core.join(snapshot.name, all: snapshot.members, monitoring: monitors)
            case .peersCount:
                let theirs = snapshot.members.reduce(into: [Pid: Int]()) { $0[$1, default: 0] += 1 }
                for (pid, count) in theirs.sorted(by: { $0.key < $1.key }) {
                    let mine = core.table.count(of: pid, in: snapshot.name)
                    if count > mine {
                        core.join(snapshot.name, all: Array(repeating: pid, count: count - mine), monitoring: monitors)
                    }
                    for _ in 0..<max(0, mine - count) { core.leave(snapshot.name, pid, monitoring: monitors) }
                }
            case .maximum, .noMerge:
                Merge.store([snapshot], into: core, monitoring: monitors)
            }
        }
    }

    func sendExchange(to peer: NodeName) {
        let node = actorSystem
        guard Self.isRegistered(self, on: node) else { return }
        let snapshot = GroupSnapshot.all(of: core.table)
        guard let remote = try? node.resolve(Self.name, on: peer, as: PlantedExchangeServer.self) else { return }
        node.cast(remote) { try await $0.exchange(groups: snapshot) }
    }

    func membersDied(_ refs: [MonitorRef]) { core.membersDied(refs, monitoring: monitors) }

    private var monitors: NodeMonitors { NodeMonitors(for: self, into: downs) }

    /// A pg2 whose servers merge by `rule`.
    static func subject(_ rule: MergeRule) -> PG2Subject {
        var subject = PG2Subject.replicated(PlantedExchangeServer.self)
        let start = subject.start
        subject.start = { node in
            node.publishTable(PlantedMergeRule(rule), as: PlantedMergeRule.tableName)
            try start(node)
        }
        return subject
    }
}

/// The check of exercise 6.2, for any scenario.
enum WhichMergeCheck {
    typealias Scenario = @Sendable (PG2Subject, UInt64) async throws -> MergeRule
    static let file = "Exercises/06-Exchange/WhichMerge.swift"

    struct Build: Sendable {
        var name: String
        var pg2: PG2Subject
        var rule: MergeRule
    }

    static let workbook = Build(name: "the workbook's pg2", pg2: .pg2, rule: .maximum)
    static let planted = [
        Build(name: "a planted pg2 whose merge adds the counts", pg2: PlantedExchangeServer.subject(.sum), rule: .sum),
        Build(
            name: "a planted pg2 whose merge takes the peer's"
                + " count", pg2: PlantedExchangeServer.subject(.peersCount), rule: .peersCount),
        Build(
            name: "a planted pg2 that never exchanges (chapter 3's"
                + " server)", pg2: .replicated(PG2Server.self), rule: .noMerge),
    ]

    /// The problems of `scenario` on `builds`: it must name each one's rule, on every seed.
    static func problems(_ scenario: Scenario, on builds: [Build]) async throws -> [String] {
        var problems: [String] = []
        for seed in seeds([6201, 6202]) {
            for build in builds {
                let answer = try await scenario(build.pg2, seed)
                guard answer != build.rule else { continue }
                problems.append(
                    "expected your scenario to name the merge of \(build.name) \(build.rule), got \(answer) "
                        + "— \(seedNote(seed, suite: "WhichMergeTests")) — edit \(file)")
            }
        }
        return problems
    }
}

/// Exercise 6.2 — edit Exercises/06-Exchange/WhichMerge.swift
@Suite("Exercise 6.2 — Which merge is it?") struct WhichMergeTests {
    static let yours: WhichMergeCheck.Scenario = { try await mergeRule(of: $0, seed: $1) }

    @Test("your scenario finds that the workbook's pg2 merges by the maximum")
    func theWorkbooksMerge() async throws {
        expectNoProblems(try await WhichMergeCheck.problems(Self.yours, on: [WhichMergeCheck.workbook]))
    }

    @Test("your scenario tells a merge that adds the counts")
    func aSum() async throws {
        expectNoProblems(try await WhichMergeCheck.problems(Self.yours, on: [WhichMergeCheck.planted[0]]))
    }

    @Test("your scenario tells a merge that takes the peer's count")
    func thePeersCount() async throws {
        expectNoProblems(try await WhichMergeCheck.problems(Self.yours, on: [WhichMergeCheck.planted[1]]))
    }

    @Test("your scenario tells servers that never merge")
    func noMerge() async throws {
        expectNoProblems(try await WhichMergeCheck.problems(Self.yours, on: [WhichMergeCheck.planted[2]]))
    }
}
