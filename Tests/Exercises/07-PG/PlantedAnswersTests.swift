import Cluster
import PGExercises
import Testing

/// The checks of chapter 7's exercises reject answers that do not do the work: scenarios that
/// always say the same, predictions that ignore the cut, or that think pg's views pass through a
/// third node. Each is fed through the very check the exercise's tests use. These tests pass
/// whether or not the exercises are done: they never call your code.
@Suite("Chapter 7's checks reject planted answers") struct PlantedAnswersTests {
    @Test("7.1 and 7.2 reject scenarios that always answer true, or always false")
    func constantScenarios() async throws {
        for answer in [true, false] {
            let constant: ScenarioOnBuilds.Scenario = { _, _ in answer }
            #expect(
                !(try await ReplacingSyncTests.problems(constant, PlantedBug.allCases)).isEmpty,
                "a scenario always answering \(answer) passed 7.1")
            #expect(
                !(try await NeverToldTests.problems(constant, PlantedBug.allCases)).isEmpty,
                "a scenario always answering \(answer) passed 7.2")
        }
    }

    @Test(
        """
        7.3 rejects a prediction that nothing changes, one that ignores the cut, \
        and one that sees through a third node
        """
    )
    func naivePredictions() async throws {
        /// Each node's own entries of g after the writes, pid → count, and who is alive.
        @Sendable func owners(_ before: [Pid], _ writes: [PGWrite]) -> [NodeName: [Pid]] {
            var entries = before
            var dead = Set<Pid>()
            for write in writes {
                switch write {
                case .join(let pid): if !dead.contains(pid) { entries.append(pid) }
                case .leave(let pid): if let index = entries.firstIndex(of: pid) { entries.remove(at: index) }
                case .exit(let pid):
                    dead.insert(pid)
                    entries.removeAll { $0 == pid }
                }
            }
            return Dictionary(grouping: entries, by: \.node)
        }
        @Sendable func everywhere(_ pids: [Pid]) -> NodeViews {
            pids.isEmpty ? [:] : ["a": pids.sorted(), "b": pids.sorted(), "c": pids.sorted()]
        }
        let nothingChanges: WhatEachNodeSeesCheck.Prediction = { before, _, _ in
            (everywhere(before), everywhere(before))
        }
        let noCut: WhatEachNodeSeesCheck.Prediction = { before, _, writes in
            let all = owners(before, writes).values.flatMap { $0 }
            return (everywhere(all), everywhere(all))
        }
        // Right after the mend, but during the cut each node sees every node it can *reach*,
        // through a third one too: a cut link then hides nothing.
        let transitive: WhatEachNodeSeesCheck.Prediction = { before, cut, writes in
            let mine = owners(before, writes)
            let all = mine.values.flatMap { $0 }
            var during: NodeViews = [:]
            for node in WhatEachNodeSeesCheck.names {
                let seen: [Pid]
                if case .isolate(let lone) = cut {
                    seen = node == lone ? mine[lone] ?? [] : all.filter { $0.node != lone }
                } else {
                    seen = all
                }
                if !seen.isEmpty { during[node] = seen.sorted() }
            }
            return (during, everywhere(all))
        }
        for (name, prediction) in [
            ("nothing changes", nothingChanges), ("nothing was cut", noCut), ("views are transitive", transitive),
        ] {
            let problems = try await WhatEachNodeSeesCheck.problems(
                prediction, cases: WhatEachNodeSeesCheck.anomalies, firstSeed: 7301)
            #expect(!problems.isEmpty, "the prediction \"\(name)\" passed the check of 7.3")
        }
    }
}
