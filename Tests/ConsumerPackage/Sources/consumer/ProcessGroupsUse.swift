import ProcessGroups

/// pg2 on two simulated nodes, through the final module alone (it re-exports Cluster).
func useProcessGroups() async throws -> Bool {
    let sim = Simulation(seed: 9)
    let a = sim.addNode("a"), b = sim.addNode("b")
    for node in [a, b] { try ProcessGroups.start(on: node) }
    let worker = b.spawnProcess()
    let seen = try await sim.run {
        try await ProcessGroups(node: a).create("workers")
        try await ProcessGroups(node: a).join("workers", worker.id)
        return try ProcessGroups(node: b).members(of: "workers")
    }
    // A join the program expects to fail: the error reaches it, and nothing is printed to
    // standard error (.ci/run checks that this program writes nothing there).
    do {
        try await sim.run { try await ProcessGroups(node: a).join("nobody", worker.id) }
        return false
    } catch PG2Error.noSuchGroup(let name) {
        guard name == "nobody" else { return false }
    }
    do {
        _ = try ProcessGroups(node: a).members(of: "nobody")
        return false
    } catch PG2Error.noSuchGroup(let name) {
        return seen == [worker.id] && name == "nobody"
    }
}

/// pg (`ProcessGroups.Scope`) on two simulated nodes: a local join reaches the peer; a remote
/// pid is refused with a documented error, which nothing announces on standard error.
func usePG() async throws -> Bool {
    let sim = Simulation(seed: 10)
    let a = sim.addNode("a"), b = sim.addNode("b")
    for node in [a, b] { try ProcessGroups.Scope.start("chat", on: node) }
    let alice = a.spawnProcess(), bob = b.spawnProcess()
    try await sim.quiescence()
    try await sim.run { try await ProcessGroups.Scope("chat", on: a).join("room", alice.id) }
    try await sim.quiescence()
    let seen = ProcessGroups.Scope("chat", on: b).members(of: "room")
    do {
        try await sim.run { try await ProcessGroups.Scope("chat", on: a).join("room", bob.id) }
        return false
    } catch PGError.notLocal(let pid) {
        return seen == [alice.id] && pid == bob.id
    }
}
