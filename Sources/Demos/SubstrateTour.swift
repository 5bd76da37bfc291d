import Cluster

/// A tour of the substrate on three nodes: concurrent calls, monitors, a partition, a kill, a
/// heal, a crash and a restart — everything pg2 will stand on, in one replayable run.
///
/// The tour narrates what node a *observes*. That observation does not depend on the seed (the
/// seed moves message timings, not outcomes), so every seed must produce the same ``Outcome``;
/// the trace, which records timings, is the same only for the same seed.
public enum SubstrateTour {
    /// What node a saw, step by step.
    public struct Outcome: Sendable, Equatable {
        public var steps: [String] = []
    }

    /// What the tour's trace shows, for a learner about to read it, with an id from `trace`.
    static func story(of trace: Trace) -> String {
        let id =
            trace.events.lazy.compactMap { event -> Substring? in
                guard event.text.hasPrefix("call ") else { return nil }
                return event.text.split(separator: " ").dropFirst().first
            }.first ?? "a#1"
        return """
            Three nodes, a, b and c, and one process on each of b and c: everything pg2 will stand on, in one \
            run. First a calls b's and c's processes while b calls c's, all at once: each call and its reply \
            share an id (call \(id) … reply \(id)), and the replies come back in any order. Then monitors are \
            set and a is cut off from b and c: look at the ⚡ partition, the DOWN notes with noconnection \
            and the nodedown notes on a. c's process is killed while a cannot see it; after the ⚡ heal, c \
            answers a's new monitor on it with DOWN noproc. Last, b crashes and restarts as b@2: the old <b.1> \
            is dead for ever. The remarks (») say what a saw at each step.
            """
    }

    /// Runs the tour in `sim`, which must be fresh. Cost: a fixed scenario on three nodes — 60
    /// trace events, 12 of them calls, with every seed tried (1, 7, 42, 99) — run in virtual time.
    public static func run(in sim: Simulation) async throws -> Outcome {
        sim.beginPhase(
            "setup",
            about: "Three nodes, a, b and c, connect (each notes nodeup for the other two), and b and c "
                + "start a process each.", folded: true)
        let a = sim.addNode("a"), b = sim.addNode("b"), c = sim.addNode("c")
        let pb = b.spawnProcess(), pc = c.spawnProcess()
        let seen = Mailbox<Down>()
        let log = Log(sim)

        try await sim.run {
            let events = a.nodeEvents()
            log.add("a is connected to \(events.drain().map(\.description).joined(separator: ", "))")
            // 1. Concurrent calls from a to b and c, and from b to c.
            sim.beginPhase(
                "concurrent calls",
                about: "a calls echo on b's and c's processes three times each, and b asks c's "
                    + "process to relay three times, all at once. Each reply carries its call's id (node#number).")
            let remoteB = try a.resolve(pb.id, as: ProcessActor.self)
            let remoteC = try a.resolve(pc.id, as: ProcessActor.self)
            let fromB = try b.resolve(pc.id, as: ProcessActor.self)
            let replies = try await withThrowingTaskGroup(of: String.self) { group in
                for i in 1...3 {
                    group.addTask { try await remoteB.echo("b\(i)") }
                    group.addTask { try await remoteC.echo("c\(i)") }
                    group.addTask { try await fromB.relay("via-b\(i)", via: pc) }
                }
                var all: [String] = []
                for try await reply in group { all.append(reply) }
                return all.sorted()
            }
            log.add("replies: \(replies.joined(separator: " "))")

            // 2. a watches both processes, b watches c's; once b's watch is confirmed by a round
            //    trip over the same link (per-link FIFO), a loses its links to b and c.
            sim.beginPhase(
                "monitors and a partition",
                about: "b monitors c's process; a monitors both processes. Then a is "
                    + "cut off from b and c: its monitors fire with noconnection, it sees nodedown twice, and a call "
                    + "it tries fails at once.")
            let watchB = Mailbox<Down>()
            b.monitor(pc.id, into: watchB)
            _ = try await fromB.echo("monitor is set")
            a.monitor(pb.id, into: seen)
            a.monitor(pc.id, into: seen)
            sim.partition(["a"], ["b", "c"])
            for _ in 0..<2 { log.add("a saw \(await seen.next()!.reason) for a process") }
            for _ in 0..<2 { log.add("a saw \(await events.next()!)") }
            do {
                _ = try await remoteB.echo("lost?")
            } catch {
                log.add("a's call during the partition: \(error)")
            }

            // 3. c's process is killed while a cannot see it; b's watch reports it.
            sim.beginPhase("kill", about: "c's process is killed while a cannot see c; b's monitor reports it.")
            sim.kill(pc.id)
            log.add("b saw \(await watchB.next()!.reason)")

            // 4. Heal: a sees both nodes again; pb lives, pc is gone for good.
            sim.beginPhase(
                "heal",
                about: "Every link is mended: a sees both nodes again. b's process still answers. a monitors "
                    + "c's process again, and c answers at once with DOWN noproc: that process is gone for good.")
            sim.heal()
            for _ in 0..<2 { log.add("a saw \(await events.next()!)") }
            log.add("pb answers: \(try await remoteB.echo("back"))")
            a.monitor(pc.id, into: seen)
            log.add("a's new watch on pc: \(await seen.next()!.reason)")

            // 5. b crashes and restarts: pb's pid is dead for ever.
            sim.beginPhase(
                "crash and restart",
                about: "b crashes: a's monitor on b's process fires with noconnection, then "
                    + "nodedown. b restarts as its 2nd life, b@2; a call to the old <b.1> gets noproc.")
            a.monitor(pb.id, into: seen)
            sim.crash("b")
            log.add("a saw \(await seen.next()!.reason) for pb, then \(await events.next()!)")
            let b2 = sim.restart("b")
            log.add("a saw \(await events.next()!) (incarnation \(b2.creation))")
            do {
                _ = try await remoteB.echo("anyone?")
            } catch {
                log.add("calling the old pb: \(error)")
            }
        }
        try await sim.quiescence()
        return Outcome(steps: log.lines)
    }
}

/// An append-only list of lines, shared by the tour's tasks; each line is also a remark in the
/// trace, where it was observed.
final class Log: Sendable {
    private let box = Mailbox<String>()
    private let sim: Simulation

    init(_ sim: Simulation) { self.sim = sim }

    func add(_ line: String) {
        sim.remark(line)
        box.send(line)
    }

    var lines: [String] { box.drain() }
}
