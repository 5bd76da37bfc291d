import Synchronization
import InteropKit
import Testing
@testable import ErlangDist

/// A Swift node and `erl` nodes find and trust each other: pings both ways, and a wrong cookie.
@Suite(
    .enabled(
        if: Interop.available, "Erlang interop tests run only with PG2_INTEROP=1 and erl installed (.ci/erlang-interop)"
    ))
struct InteropPingTests {
    @Test func erlangPingsSwiftAndSwiftPingsErlang() async throws {
        let cluster = try await InteropCluster()
        defer { cluster.stop() }
        let swift = try await cluster.swiftNode()
        let erl = try await cluster.erl()
        #expect(await erl.eval("net_adm:ping('\(swift.name)').") == "pong", "\(cluster.logs.all)")
        #expect(await erl.eval("lists:member('\(swift.name)', nodes()).") == "true")
        // global's connect protocol is answered with in_sync only: global:sync() still returns.
        #expect(await erl.eval("global:sync().", timeout: .seconds(10)) == "ok")
        let other = try await cluster.erl()
        #expect(await swift.ping(other.name), "\(cluster.logs.all)")
        #expect(await other.eval("lists:member('\(swift.name)', nodes()).") == "true")
        #expect(await swift.events().first { _ in true } != nil)
    }

    @Test func aWrongCookieIsPangBothWaysWithALogLine() async throws {
        let cluster = try await InteropCluster()
        defer { cluster.stop() }
        var options = cluster.options
        options.fullMesh = false
        let swift = try await cluster.swiftNode(options: options)
        let stranger = try await TestErl(
            prefix: "stranger", cookie: "not-" + cluster.cookie, epmdPort: cluster.epmd.port)
        defer { stranger.kill() }
        #expect(await stranger.eval("net_adm:ping('\(swift.name)').") == "pang")
        #expect(
            await Interop.eventually { cluster.logs.contains("wrong cookie with \(stranger.name)") },
            "\(cluster.logs.all)")
        #expect(await swift.ping(stranger.name) == false)
        #expect(
            await Interop.eventually { cluster.logs.all.filter { $0.contains("wrong cookie") }.count >= 2 },
            "\(cluster.logs.all)")
        // The node keeps serving everyone else.
        let friend = try await cluster.erl()
        #expect(await friend.eval("net_adm:ping('\(swift.name)').") == "pong")
        #expect(swift.connectedNodes == [friend.name])
    }
}

/// One test's cluster: its own `epmd`, a shared random cookie, Swift nodes logging to `logs`,
/// and `erl` nodes; ``stop()`` ends exactly what it started.
final class InteropCluster: Sendable {
    let epmd: TestEPMD
    let cookie = Interop.randomCookie()
    let logs = LogLines()
    private let started = Mutex<([DistNode], [TestErl])>(([], []))

    init() async throws { epmd = try await TestEPMD() }

    var options: DistNodeOptions {
        var options = DistNodeOptions()
        options.epmdPort = epmd.port
        options.log = logs.sink
        return options
    }

    func swiftNode(_ prefix: String = "swift", options: DistNodeOptions? = nil) async throws -> DistNode {
        let node = try await DistNode.start(
            name: Interop.uniqueName(prefix), cookie: cookie, options: options ?? self.options)
        started.withLock { $0.0.append(node) }
        return node
    }

    func erl(_ prefix: String = "erl", extra: [String] = []) async throws -> TestErl {
        let erl = try await TestErl(prefix: prefix, cookie: cookie, epmdPort: epmd.port, extra: extra)
        started.withLock { $0.1.append(erl) }
        return erl
    }

    func stop() {
        let (nodes, erls) = started.withLock { $0 }
        for node in nodes { node.stop() }
        for erl in erls { erl.kill() }
        epmd.kill()
    }
}
