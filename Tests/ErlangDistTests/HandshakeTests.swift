import Foundation
import Synchronization
import Testing
@testable import ErlangDist

/// The handshake on loopback sockets: trust by cookie, refusals that name their reason.
@Suite struct HandshakeTests {
    let me = Handshake.Identity(name: "a@127.0.0.1", flags: .swiftNode, creation: 11, cookie: "secret")
    let them = Handshake.Identity(name: "b@127.0.0.1", flags: .swiftNode, creation: 22, cookie: "secret")

    /// A connected pair of sockets: (dialler's end, acceptor's end).
    func socketPair() throws -> (Socket, Socket) {
        let listener = try Socket.listen(port: 0)
        defer { listener.shutdown() }
        let dialler = try Socket.connect(host: "127.0.0.1", port: listener.localPort, timeout: .seconds(2))
        return (dialler, try listener.accept())
    }

    /// Runs the acceptor on a thread and the dialler here; both outcomes.
    func handshake(
        dialler: Handshake.Identity, acceptor: Handshake.Identity, expected: String? = nil,
        decision: Handshake.AcceptDecision = .ok
    )
        throws -> (dial: Result<Handshake.Peer, HandshakeError>, accept: Result<Handshake.Peer, HandshakeError>)
    {
        let (d, a) = try socketPair()
        let accepted = Mutex<Result<Handshake.Peer, HandshakeError>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread {
            let result = Result { () throws(HandshakeError) in
                try Handshake.accept(
                    HandshakeChannel(socket: a, timeout: .seconds(2)), me: acceptor,
                    decide: { _ in decision }, replaced: { _ in })
            }
            if case .failure = result { a.shutdown() }
            accepted.withLock { $0 = result }
            done.signal()
        }.start()
        let dialled = Result { () throws(HandshakeError) in
            try Handshake.dial(
                HandshakeChannel(socket: d, timeout: .seconds(2)), me: dialler,
                expected: expected ?? acceptor.name, stillAlive: { _ in false })
        }
        if case .failure = dialled { d.shutdown() }
        done.wait()
        return (dialled, accepted.withLock { $0! })
    }

    @Test func bothSidesLearnTheOther() throws {
        let (dial, accept) = try handshake(dialler: me, acceptor: them)
        #expect(try dial.get() == Handshake.Peer(name: "b@127.0.0.1", flags: .swiftNode, creation: 22))
        #expect(try accept.get() == Handshake.Peer(name: "a@127.0.0.1", flags: .swiftNode, creation: 11))
    }

    @Test func aWrongCookieFailsOnBothSides() throws {
        var stranger = me
        stranger.cookie = "guess"
        let (dial, accept) = try handshake(dialler: stranger, acceptor: them)
        guard case .failure(.wrongCookie(let who, _)) = accept else { Issue.record("\(accept)"); return }
        #expect(who == "a@127.0.0.1")
        guard case .failure(.wrongCookie) = dial else { Issue.record("\(dial)"); return }
    }

    @Test func aPeerLackingMandatoryFlagsIsRefusedByName() throws {
        var old = me
        old.flags.remove([.mapTag, .utf8Atoms])
        let (_, accept) = try handshake(dialler: old, acceptor: them)
        guard case .failure(let error) = accept else { Issue.record("accepted"); return }
        #expect("\(error)".contains("MAP_TAG") && "\(error)".contains("UTF8_ATOMS"), "\(error)")
    }

    @Test func theDialledNodeMustBeTheOneThatAnswers() throws {
        let (dial, _) = try handshake(dialler: me, acceptor: them, expected: "c@127.0.0.1")
        guard case .failure(.wrongName(let expected, let got)) = dial else { Issue.record("\(dial)"); return }
        #expect(expected == "c@127.0.0.1" && got == "b@127.0.0.1")
    }

    @Test func statusesOtherThanOkStopTheDialler() throws {
        for decision in [Handshake.AcceptDecision.nok, .notAllowed] {
            let (dial, accept) = try handshake(dialler: me, acceptor: them, decision: decision)
            guard case .failure(.refused(let status, _)) = dial else { Issue.record("\(dial)"); continue }
            #expect(status == decision.rawValue)
            guard case .failure(.declined) = accept else { Issue.record("\(accept)"); continue }
        }
    }

    @Test func garbageTruncationAndSilenceEndTheHandshake() throws {
        for bytes: [UInt8] in [[0, 5, 1, 2, 3, 4, 5], [0, 30, 78, 0, 0], [0, 3, 110, 0, 5], [0, 0], []] {
            let (d, a) = try socketPair()
            try d.write(bytes)
            if !bytes.isEmpty { d.shutdown() }
            let start = ContinuousClock.now
            #expect(throws: HandshakeError.self) {
                try Handshake.accept(
                    HandshakeChannel(socket: a, timeout: .milliseconds(500)), me: them,
                    decide: { _ in .ok }, replaced: { _ in })
            }
            #expect(ContinuousClock.now - start < .seconds(2))
        }
    }

    @Test func theDigestIsMD5OfCookieAndDecimalChallenge() {
        func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
        #expect(hex(MD5.digest([])) == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(hex(MD5.digest(Array("abc".utf8))) == "900150983cd24fb0d6963f7d28e17f72")
        #expect(
            hex(MD5.digest(Array(String(repeating: "1234567890", count: 8).utf8)))
                == "57edf4a22be3c955ac49da2e2107b67a")
        #expect(
            MD5.digest(cookie: "secret", challenge: 4_294_967_295)
                == MD5.digest(Array("secret4294967295".utf8)))
    }

    @Test func flagsAreTheOnesOTPExpects() {
        #expect(HandshakeFlags.mandatory.rawValue == 0x1070F94)
        #expect(HandshakeFlags.swiftNode.rawValue == 0x4_0707_0FBD)
        #expect(HandshakeFlags([.mapTag, .v4NC]).names == ["MAP_TAG", "V4_NC"])
    }
}
