import Cluster

// Everything here is public API: simulation, nodes, pids, processes, calls, monitors, node
// events, faults and the trace.
let sim = Simulation(seed: 3)
let a = sim.addNode("a"), b = sim.addNode("b")
let p = b.spawnProcess()
let downs = Mailbox<Down>()
let events = a.nodeEvents()

let reply = try await sim.run {
    a.monitor(p.id, into: downs)
    return try await a.resolve(p.id, as: ProcessActor.self).echo("hello from a consumer")
}
sim.kill(p.id)
try await sim.quiescence()
sim.partition(["a"], ["b"])
try await sim.quiescence()

let pid: Pid = p.id
let down = downs.drain().map(\.reason)
let seen = events.drain()
print(sim.trace.text, terminator: "")
guard reply == "hello from a consumer", down == [.killed], seen == [.nodeUp("b"), .nodeDown("b")] else {
    print("consumer: unexpected results \(reply) \(down) \(seen) for \(pid)")
    exit(1)
}
guard try await useProcessGroups() else {
    print("consumer: ProcessGroups did not behave as pg2")
    exit(1)
}
guard try await usePG() else {
    print("consumer: ProcessGroups.Scope did not behave as pg")
    exit(1)
}
print("consumer: ok")

#if canImport(Glibc)
    import Glibc
#endif
