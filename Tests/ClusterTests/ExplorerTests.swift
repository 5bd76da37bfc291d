import Cluster
import Distributed
import Synchronization
import Testing

/// What a recorder was sent, in arrival order (shared with the test, which reads it synchronously).
final class NoteLog: Sendable {
    private let notes = Mutex<[String]>([])
    func add(_ note: String) { notes.withLock { $0.append(note) } }
    var all: [String] { notes.withLock { $0 } }
}

/// A process that writes every note it is cast into a ``NoteLog``.
distributed actor Recorder {
    typealias ActorSystem = Node
    let log: NoteLog
    init(log: NoteLog, actorSystem: Node) {
        self.log = log
        self.actorSystem = actorSystem
    }
    distributed func note(_ text: String) { log.add(text) }
}

/// Scenarios over the bare substrate: senders cast notes to recorders; the invariant reads the
/// recorders' logs. No seed: explorer runs take no random delays.
enum NoteScenario {
    /// Each of `senders` casts one note (its name) per entry of `notes` to the recorder on `to`;
    /// `invariant` judges the order each recorder saw. `salt`, if given, is read once per
    /// execution, and odd values reverse the senders (hidden nondeterminism, for the test that wants it).
    static func make(
        _ name: String, senders: [(NodeName, NodeName)], copies: Int = 1, salt: ExecutionCounter? = nil,
        invariant: @escaping @Sendable ([NodeName: [String]]) -> String?
    ) -> ExplorerScenario {
        let names = Array(Set(senders.flatMap { [$0.0, $0.1] })).sorted()
        return ExplorerScenario(name, "notes cast to recorders", nodes: names) { sim, nodes in
            let byName = Dictionary(uniqueKeysWithValues: nodes.map { ($0.name, $0) })
            var logs: [NodeName: NoteLog] = [:]
            var recorders: [NodeName: Recorder] = [:]
            for target in Set(senders.map(\.1)).sorted() {
                let log = NoteLog()
                logs[target] = log
                recorders[target] = Recorder(log: log, actorSystem: byName[target]!)
            }
            let reversed = (salt?.next() ?? 0) % 2 == 1
            let operations = (reversed ? senders.reversed() : senders).map { from, to in
                let node = byName[from]!, target = recorders[to]!.id
                return ExplorerScenario.Operation("\(from) casts to \(to)") {
                    let remote = try Recorder.resolve(id: target, using: node)
                    for _ in 0..<copies { node.cast(remote) { try await $0.note(from.rawValue) } }
                }
            }
            let (seen, kept) = (logs, recorders)
            return .init(operations: operations) {
                withExtendedLifetime(kept) { invariant(seen.mapValues(\.all)) }
            }
        }
    }

    /// a, b and c each cast one note to the recorder on d.
    static func threeToOne(_ invariant: @escaping @Sendable ([String]) -> String?) -> ExplorerScenario {
        make("three-to-one", senders: [("a", "d"), ("b", "d"), ("c", "d")]) { invariant($0["d"] ?? []) }
    }
}

/// Counts executions from outside the simulation: the nondeterminism a replay must catch.
final class ExecutionCounter: Sendable {
    private let value = Mutex(0)
    func next() -> Int {
        value.withLock {
            $0 += 1; return $0 - 1
        }
    }
}

@Suite("The interleaving explorer") struct ExplorerTests {
    @Test("With nothing out of order, the search runs once and finds the oldest-first run fine")
    func oldestFirstIsTheFirstRun() async throws {
        let scenario = NoteScenario.threeToOne { $0 == ["a", "b", "c"] ? nil : "arrived as \($0)" }
        let report = try await Explorer.search(scenario, maxDeviations: 0)
        #expect(report.violation == nil && report.executions == 1, "\(report.statistics)")
    }

    @Test("Deepening finds a run with one deviation where plain depth-first meets one with two first")
    func deepeningFindsAShortestRun() async throws {
        // Broken by b,c,a (choices 1,1: two deviations) and by c,a,b (choice 2: one deviation).
        let scenario = NoteScenario.threeToOne { notes in
            zip(notes, notes.dropFirst()).contains { $0 == ("c", "a") } ? "c arrived right before a: \(notes)" : nil
        }
        let deepened = try await Explorer.search(scenario, maxDeviations: 2)
        #expect(deepened.violation?.choices.description == "0:2", "\(deepened.statistics)")
        let plain = try await Explorer.search(scenario, maxDeviations: 2, deepening: false)
        #expect(plain.violation?.choices.description == "0:1,1:1")
    }

    @Test("A violation that needs two deviations is not found with one, and is found with two")
    func theBoundLimitsTheSearch() async throws {
        let scenario = NoteScenario.threeToOne { $0 == ["c", "b", "a"] ? "arrived in reverse" : nil }
        #expect(try await Explorer.search(scenario, maxDeviations: 1).violation == nil)
        let report = try await Explorer.search(scenario, maxDeviations: 2)
        #expect(report.violation?.choices == ChoiceVector([2, 1]))
        #expect(report.violation?.choices.deviations == 2)
    }

    @Test("Replaying a choice vector gives the same run, byte for byte, and the same violation")
    func replayReproducesTheRun() async throws {
        let scenario = NoteScenario.threeToOne { $0.first == "c" ? "c arrived first: \($0)" : nil }
        let found = try #require(try await Explorer.search(scenario, maxDeviations: 2).violation)
        let first = try await Explorer.replay(scenario, found.choices, check: found.check)
        let second = try await Explorer.replay(scenario, found.choices, check: found.check)
        #expect(first.sim.trace.text == second.sim.trace.text)
        #expect(first.violation == found.message && second.violation == found.message)
        #expect(first.steps.contains { $0.hasPrefix("★ deviation 1") })
    }

    @Test("A replay offered other choices than its run reports it instead of exploring something else")
    func replayChecksTheOptionsOffered() async throws {
        let scenario = NoteScenario.threeToOne { $0.first == "c" ? "c arrived first" : nil }
        let found = try #require(try await Explorer.search(scenario, maxDeviations: 1).violation)
        await #expect(throws: ExplorerError.self) {
            _ = try await Explorer.replay(scenario, found.choices, check: found.check &+ 1)
        }
        await #expect(throws: ExplorerError.self) {
            _ = try await Explorer.replay(scenario, ChoiceVector([7]))  // only three options there
        }
    }

    @Test("A scenario that reads something outside the simulation is reported as nondeterministic")
    func hiddenNondeterminismIsAnError() async throws {
        let scenario = NoteScenario.make("salted", senders: [("a", "c"), ("b", "c")], salt: ExecutionCounter()) { _ in
            nil
        }
        await #expect(throws: ExplorerError.self) { _ = try await Explorer.search(scenario, maxDeviations: 1) }
    }

    @Test("Two orders that reach the same state are explored once: the second run stops there")
    func sameStatesAreExploredOnce() async throws {
        // Two notes on each of two independent lanes: 6 interleavings, but delivering a's first note
        // then b's reaches the same state as b's then a's, so fewer runs are needed.
        let scenario = NoteScenario.make("commuting", senders: [("a", "c"), ("b", "d")], copies: 2) { _ in nil }
        let report = try await Explorer.search(scenario, maxDeviations: 4, deepening: false)
        #expect(report.pruned > 0 && report.executions < 6, "\(report.statistics), \(report.pruned) pruned")
    }

    @Test("A choice vector reads and writes as its deviations")
    func choiceVectorsRoundTrip() {
        #expect(ChoiceVector([0, 0, 1, 0, 2, 0, 0]).description == "2:1,4:2")
        #expect(ChoiceVector("2:1,4:2") == ChoiceVector([0, 0, 1, 0, 2]))
        #expect(ChoiceVector("-") == ChoiceVector([]))
        #expect(ChoiceVector("4:1,2:1") == nil && ChoiceVector("2:0") == nil && ChoiceVector("x") == nil)
    }
}
