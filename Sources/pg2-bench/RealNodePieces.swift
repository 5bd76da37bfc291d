@preconcurrency import Glibc
import Cluster
import Dispatch
import ErlangDist
import Foundation
import ProcessGroups
import RealNodes
import Synchronization

// What a real-node join is made of, measured alone: a raw TCP round trip, a thread hop, the
// codec; and `pg2-bench echo`, two real nodes in one process, for a profiler.

/// Mean and median µs of a 1-byte round trip over a loopback TCP connection between two threads.
func tcpRoundTrip(trips: Int = 5_000) throws -> Sample {
    let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard listener >= 0 else { throw ChildError(description: "socket failed") }
    defer { close(listener) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let ok = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(listener, $0, length) == 0 && listen(listener, 1) == 0 && getsockname(listener, $0, &length) == 0
        }
    }
    guard ok else { throw ChildError(description: "bind/listen failed") }
    let echo = Thread {
        let fd = accept(listener, nil, nil)
        guard fd >= 0 else { return }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var byte: UInt8 = 0
        while recv(fd, &byte, 1, 0) == 1, send(fd, &byte, 1, 0) == 1 {}
        close(fd)
    }
    echo.start()
    let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(client) }
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(client, $0, length) == 0 }
    }
    guard connected else { throw ChildError(description: "connect failed") }
    var one: Int32 = 1
    setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    var samples: [Double] = []
    samples.reserveCapacity(trips)
    var byte: UInt8 = 1
    for i in 0..<(trips + 200) {
        let start = ContinuousClock.now
        guard send(client, &byte, 1, 0) == 1, recv(client, &byte, 1, 0) == 1 else {
            throw ChildError(description: "loopback round trip failed")
        }
        if i >= 200 { samples.append(micros(since: start)) }
    }
    shutdown(client, Int32(SHUT_RDWR))
    return Sample(samples)
}

/// µs for one thread → task → thread round trip (a plain thread resumes a task on the
/// cooperative pool, which wakes the thread again), halved: one hop.
func threadHopRoundTrip(trips: Int = 5_000) async -> Double {
    let (stream, continuation) = AsyncStream.makeStream(of: Int.self, bufferingPolicy: .unbounded)
    let back = DispatchSemaphore(value: 0)
    let result = Mutex<Double>(0)
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        var total = 0.0
        for i in 0..<(trips + 200) {
            let start = ContinuousClock.now
            continuation.yield(i)
            back.wait()
            if i >= 200 { total += micros(since: start) }
        }
        continuation.finish()
        result.withLock { $0 = total / Double(trips) / 2 }
        done.signal()
    }
    let task = Task.detached {
        for await _ in stream { back.signal() }
    }
    thread.start()
    await task.value
    await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
        DispatchQueue.global().async {
            done.wait(); c.resume()
        }
    }
    return result.withLock { $0 }
}

/// µs to encode and decode one frame of a pg2 join call, as the wire carries it.
func codecCost(rounds: Int = 100_000) throws -> Double {
    let from = ErlangPid(node: "a@127.0.0.1", id: 12, serial: 0, creation: 3)
    let member = ErlangPid(node: "a@127.0.0.1", id: 4_711, serial: 0, creation: 3)
    let tag = ErlangReference(node: "a@127.0.0.1", creation: 3, ids: [1, 2, 3])
    let frame = Frame(
        control: .send(to: ErlangPid(node: "b@127.0.0.1", id: 7, serial: 0, creation: 5)),
        message: .tuple([
            .atom("$gen_call"), .tuple([.pid(from), .reference(tag)]),
            .tuple([.atom("join"), .binary(Array("g".utf8)), .pid(member)]),
        ]))
    var checksum = 0
    let start = ContinuousClock.now
    for _ in 0..<rounds {
        let bytes = try frame.encoded()
        let decoded = try Frame(payload: Array(bytes.dropFirst(4)))
        checksum &+= bytes.count &+ (decoded.message == nil ? 0 : 1)
    }
    precondition(checksum > 0)
    return micros(since: start) / Double(rounds)
}

/// `pg2-bench echo [N]`: N echo calls between two real nodes in this process, for a profiler
/// (`perf record -g .build/release/pg2-bench echo`). Prints the mean round trip.
func echoRows(calls: Int) async throws {
    var options = DistNodeOptions()
    options.log = { _ in }
    options.epmdPort = UInt16.random(in: 20_000...60_000)
    let tag = ProcessInfo.processInfo.processIdentifier
    let a = try await RealNode.start(name: "echoa\(tag)@127.0.0.1", cookie: "echo\(tag)", options: options)
    let b = try await RealNode.start(name: "echob\(tag)@127.0.0.1", cookie: "echo\(tag)", options: options)
    defer { a.stop(); b.stop() }
    guard await a.connect(b.name) else { throw ChildError(description: "the two echo nodes did not connect") }
    let target = b.node.spawnProcess()
    let echo = try a.node.resolve(target.id, as: ProcessActor.self)
    for _ in 0..<200 { _ = try await echo.echo("x") }
    let start = ContinuousClock.now
    for _ in 0..<calls { _ = try await echo.echo("x") }
    print(
        "echo between two real nodes in one process: \(micros(since: start) / Double(calls)) µs per call "
            + "(\(calls) calls, from the main task)"
    )
    // The same calls made by a task of node a, as its processes make them: the caller resumes on
    // node a's executor.
    let inNode = try await a.node.spawn {
        let start = ContinuousClock.now
        for _ in 0..<calls { _ = try await echo.echo("x") }
        return micros(since: start) / Double(calls)
    }.value
    print("echo between two real nodes in one process: \(inNode) µs per call (\(calls) calls, from a task of node a)")
    withExtendedLifetime(target) {}
}
