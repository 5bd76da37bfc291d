import Cluster
import Distributed
import ExchangeExercises
import LocalTable
import SingleNodeServer
import Synchronization
/// The merge a node's ``TombstoneServer`` uses, published on the node before the server starts,
/// with the errors it threw there (nobody else would see them: the exchange is a cast).
final class TombstoneMerge: Sendable {
    static let tableName = "tombstone_merge"
    let merge: @Sendable (TombstoneTable, inout TombstoneTable) throws -> Void
    private let thrown = Mutex<[String]>([])
    init(_ merge: @escaping @Sendable (TombstoneTable, inout TombstoneTable) throws -> Void) { self.merge = merge }
    func record(_ error: any Error) { thrown.withLock { $0.append("\(error)") } }
    var errors: [String] { thrown.withLock { $0 } }
}

/// A pg2 server with tombstones, for the tests: pg2's four writes and its exchange on `nodeup`,
/// over a ``TombstoneTable`` merged by the node's ``TombstoneMerge``. It publishes an ordinary
/// table for readers, so chapter 5's ``Replication/ReplicatedPG2`` drives it. It keeps no
/// monitors: the tests that use it lose no member. Started as chapter 6's
/// ``Exchange/ExchangeServer`` is, with ``Cluster/NamedServer/ensureStarted(on:)``.
distributed actor TombstoneServer: GroupServer {
    typealias ActorSystem = Node
    static let name = PG2Server.name

    private var state = TombstoneTable()
    private let published: GroupTable
    private let merge: TombstoneMerge?

    init(actorSystem: Node) {
        self.actorSystem = actorSystem
        merge = actorSystem.table(TombstoneMerge.tableName, as: TombstoneMerge.self)
        published = GroupTable(localNode: actorSystem.name)
        if id.isWellKnown { actorSystem.publishTable(published, as: PG2Server.tableName, owner: id) }
    }

    /// Once registered: `net_kernel:monitor_nodes(true)`, each nodeUp answered with our table.
    nonisolated func didRegister() {
        actorSystem.monitorNodes(for: self, nodeUp: { server, peer in server.sendExchange(to: peer) })
    }

    nonisolated func perform(_ request: GroupRequest) async throws {
        switch request {
        case .create(let name): try await create(name)
        case .delete(let name): try await delete(name)
        case .join(let name, let pid): try await join(name, pid)
        case .leave(let name, let pid): try await leave(name, pid)
        }
    }

    private var now: Int64 { actorSystem.clock.now.microseconds }

    distributed func create(_ name: GroupName) {
        if state.groups[name] == nil { state.groups[name] = LiveGroup(created: now) }
        publish()
    }

    distributed func delete(_ name: GroupName) {
        state.groups[name] = nil
        state.tombstones[name] = now
        publish()
    }

    distributed func join(_ name: GroupName, _ pid: Pid) {
        guard state.groups[name] != nil else { return }
        state.groups[name]!.members = (state.groups[name]!.members + [pid]).sorted()
        publish()
    }

    distributed func leave(_ name: GroupName, _ pid: Pid) {
        guard let index = state.groups[name]?.members.firstIndex(of: pid) else { return }
        state.groups[name]!.members.remove(at: index)
        publish()
    }

    distributed func exchange(_ peer: TombstoneTable) {
        do {
            try merge?.merge(peer, &state)
        } catch {
            merge?.record(error)
        }
        publish()
    }

    func sendExchange(to peer: NodeName) {
        let node = actorSystem
        let table = state
        guard let remote = try? node.resolve(Self.name, on: peer, as: TombstoneServer.self) else { return }
        node.cast(remote) { try await $0.exchange(table) }
    }

    /// Makes the published table list exactly the groups and members of `state`.
    private func publish() {
        for name in published.groups() where state.groups[name] == nil { _ = published.deleteGroup(name) }
        for (name, group) in state.groups.sorted(by: { $0.key < $1.key }) {
            _ = published.assureGroup(name)
            let wanted = group.members.reduce(into: [Pid: Int]()) { $0[$1, default: 0] += 1 }
            let listed = (try? published.members(of: name)) ?? []
            let shown = listed.reduce(into: [Pid: Int]()) { $0[$1, default: 0] += 1 }
            for pid in Set(wanted.keys).union(shown.keys).sorted() {
                let (want, have) = (wanted[pid] ?? 0, shown[pid] ?? 0)
                for _ in 0..<max(0, want - have) { _ = published.joinGroup(name, pid) }
                for _ in 0..<max(0, have - want) { _ = published.leaveGroup(name, pid) }
            }
        }
    }
}
