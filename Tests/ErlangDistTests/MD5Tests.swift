@testable import ErlangDist
import Foundation
import Testing

/// MD5 against RFC 1321's own vectors, against `md5sum` around the padding boundaries, and the
/// handshake's digest.
@Suite struct MD5Tests {
    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    @Test(arguments: [
        ("", "d41d8cd98f00b204e9800998ecf8427e"),
        ("a", "0cc175b9c0f1b6a831c399e269772661"),
        ("abc", "900150983cd24fb0d6963f7d28e17f72"),
        ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
        ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
        ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"),
        (String(repeating: "1234567890", count: 8), "57edf4a22be3c955ac49da2e2107b67a"),
    ])
    func theRFCTestSuite(_ message: String, _ digest: String) {
        #expect(Self.hex(MD5.digest(Array(message.utf8))) == digest)
    }

    /// 55 bytes is the longest message whose padding fits in its own block; 56 needs a second;
    /// 64 and 120 straddle whole blocks. (`printf "$text" | head -c N | md5sum`.)
    @Test(arguments: [
        (55, "02d3c665bf9cc21f31651cdc7f2ccdea"), (56, "b35c6984867c4dc932f9d42ba87cc3b5"),
        (57, "f98b6d7b5b4959d79a2b6b5b26cf9b7a"), (63, "b1b073bd98cf9a2c4046024b0e1b6fce"),
        (64, "3ec457cb6db1e6bcd662c3f3f4fe630c"), (65, "b55db249d5c7542264eecb1540835baf"),
        (119, "a658d486ce1fe4acf615be3bdc9ca3da"), (120, "a40e012c4c969f40fa07a92cef43cf28"),
    ])
    func lengthsAroundTheBlockBoundaries(_ length: Int, _ digest: String) {
        let text = Array(String(repeating: "The quick brown fox jumps over the lazy dog. ", count: 4).utf8)
        #expect(Self.hex(MD5.digest(text.prefix(length))) == digest)
    }

    @Test func aMillionBytes() {
        #expect(
            Self.hex(MD5.digest([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)))
                == "7707d6ae4e027c70eea2a935c2296f21")
    }

    @Test func theHandshakeDigest() {
        #expect(Self.hex(MD5.digest(cookie: "secret", challenge: 4_294_967_295)) == "5dfd181e69aa587cc812eb333e6536b6")
        #expect(Self.hex(MD5.digest(cookie: "secret", challenge: 0)) == "175ec77a7f63082590987d0d8b051aff")
    }

    @Test func theConstantsAreTheSines() {
        for (index, constant) in MD5.sines.enumerated() {
            #expect(constant == UInt32(abs(sin(Double(index + 1))) * 4_294_967_296), "T[\(index + 1)]")
        }
    }
}
