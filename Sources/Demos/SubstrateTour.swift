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

    /// Runs the tour in `sim`, which must be fresh.
    public static func run(in sim: Simulation) async throws -> Outcome {
        let a = sim.addNode("a"), b = sim.addNode("b"), c = sim.addNode("c")
        let pb = b.spawnProcess(), pc = c.spawnProcess()
        let seen = Mailbox<Down>()
        let log = Log()

        try await sim.run {
            let events = a.nodeEvents()
            log.add("a is connected to \(events.drain().map(\.description).joined(separator: ", "))")
            // 1. Concurrent calls from a to b and c, and from b to c.
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
            sim.kill(pc.id)
            log.add("b saw \(await watchB.next()!.reason)")

            // 4. Heal: a sees both nodes again; pb lives, pc is gone for good.
            sim.heal()
            for _ in 0..<2 { log.add("a saw \(await events.next()!)") }
            log.add("pb answers: \(try await remoteB.echo("back"))")
            a.monitor(pc.id, into: seen)
            log.add("a's new watch on pc: \(await seen.next()!.reason)")

            // 5. b crashes and restarts: pb's pid is dead for ever.
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

/// An append-only list of lines, shared by the tour's tasks.
final class Log: Sendable {
    private let box = Mailbox<String>()
    func add(_ line: String) { box.send(line) }
    var lines: [String] { box.drain() }
}
