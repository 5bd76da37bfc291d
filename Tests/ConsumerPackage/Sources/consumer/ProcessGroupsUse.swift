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
