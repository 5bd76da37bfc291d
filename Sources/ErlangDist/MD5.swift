/// MD5 (RFC 1321), by hand: the digest the distribution handshake is built on.
///
/// Two Erlang nodes prove they share a cookie without sending it: each sends the other a random
/// 32-bit challenge and expects back `MD5(cookie ++ decimal(challenge))`
/// (``digest(cookie:challenge:)``). MD5 has been broken for collision resistance since 2004 and
/// should not be chosen for anything new; it is here because the protocol names it, and the
/// toolchain offers no MD5 on Linux without a third-party package.
///
/// How it works: the message is padded to a whole number of 64-byte blocks — a `0x80` byte,
/// zeros, then the message's length in bits as a little-endian UInt64 — and each block is mixed
/// into a 128-bit state (four UInt32 words) by 64 steps in four rounds. Each step adds one of the
/// block's sixteen words, a constant, and a nonlinear function of three state words, then rotates.
/// All arithmetic wraps (`&+`): MD5 is defined modulo 2³².
///
/// Cost: O(n) time, 64 bytes of padding buffer beyond the input.
public enum MD5 {
    /// The 16-byte MD5 digest of `bytes`. O(n) for n bytes: one copy of them, then 64 steps per
    /// 64-byte block.
    public static func digest(_ bytes: some Collection<UInt8>) -> [UInt8] {
        let message = Array(bytes)
        var state: (UInt32, UInt32, UInt32, UInt32) = (0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476)
        let wholeBlocks = message.count / 64
        for block in 0..<wholeBlocks {
            mix(message[(block * 64)..<(block * 64 + 64)], into: &state)
        }
        // The tail: what is left, 0x80, zeros up to 56 mod 64, and the bit length.
        var tail = Array(message[(wholeBlocks * 64)...])
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        let bitLength = UInt64(truncatingIfNeeded: message.count) &* 8
        for shift in stride(from: 0, to: 64, by: 8) {
            tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
        }
        for start in stride(from: 0, to: tail.count, by: 64) {
            mix(tail[start..<(start + 64)], into: &state)
        }
        return [state.0, state.1, state.2, state.3].flatMap { word in
            (0..<4).map { UInt8(truncatingIfNeeded: word >> (8 * UInt32($0))) }
        }
    }

    /// The distribution handshake's digest: MD5 of the cookie's bytes followed by the challenge
    /// in decimal ASCII (`erlang:md5([Cookie, integer_to_list(Challenge)])`). O(c) for the
    /// cookie's c bytes (the challenge adds at most 10).
    public static func digest(cookie: String, challenge: UInt32) -> [UInt8] {
        digest(Array(cookie.utf8) + Array(String(challenge).utf8))
    }

    /// Mixes one 64-byte block into the state.
    private static func mix(_ block: ArraySlice<UInt8>, into state: inout (UInt32, UInt32, UInt32, UInt32)) {
        var words = [UInt32](repeating: 0, count: 16)
        for (index, byte) in block.enumerated() {
            words[index / 4] |= UInt32(byte) << (8 * UInt32(index % 4))  // little-endian words
        }
        var (a, b, c, d) = state
        for step in 0..<64 {
            let f: UInt32, word: Int
            switch step / 16 {
            case 0: (f, word) = ((b & c) | (~b & d), step)
            case 1: (f, word) = ((d & b) | (~d & c), (5 * step + 1) % 16)
            case 2: (f, word) = (b ^ c ^ d, (3 * step + 5) % 16)
            default: (f, word) = (c ^ (b | ~d), (7 * step) % 16)
            }
            let sum = a &+ f &+ sines[step] &+ words[word]
            (a, d, c) = (d, c, b)
            b = b &+ (sum << shifts[step] | sum >> (32 - shifts[step]))
        }
        state = (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d)
    }

    /// The left rotation of each step: four per round, repeated four times.
    static let shifts: [UInt32] = [
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
        5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
        4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
        6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
    ]

    /// The RFC's table T: `T[i] = floor(|sin(i + 1)| × 2³²)`, i in radians — constants with no
    /// structure anyone could have hidden a weakness in ("nothing up my sleeve").
    static let sines: [UInt32] = [
        0xD76A_A478, 0xE8C7_B756, 0x2420_70DB, 0xC1BD_CEEE, 0xF57C_0FAF, 0x4787_C62A, 0xA830_4613, 0xFD46_9501,
        0x6980_98D8, 0x8B44_F7AF, 0xFFFF_5BB1, 0x895C_D7BE, 0x6B90_1122, 0xFD98_7193, 0xA679_438E, 0x49B4_0821,
        0xF61E_2562, 0xC040_B340, 0x265E_5A51, 0xE9B6_C7AA, 0xD62F_105D, 0x0244_1453, 0xD8A1_E681, 0xE7D3_FBC8,
        0x21E1_CDE6, 0xC337_07D6, 0xF4D5_0D87, 0x455A_14ED, 0xA9E3_E905, 0xFCEF_A3F8, 0x676F_02D9, 0x8D2A_4C8A,
        0xFFFA_3942, 0x8771_F681, 0x6D9D_6122, 0xFDE5_380C, 0xA4BE_EA44, 0x4BDE_CFA9, 0xF6BB_4B60, 0xBEBF_BC70,
        0x289B_7EC6, 0xEAA1_27FA, 0xD4EF_3085, 0x0488_1D05, 0xD9D4_D039, 0xE6DB_99E5, 0x1FA2_7CF8, 0xC4AC_5665,
        0xF429_2244, 0x432A_FF97, 0xAB94_23A7, 0xFC93_A039, 0x655B_59C3, 0x8F0C_CC92, 0xFFEF_F47D, 0x8584_5DD1,
        0x6FA8_7E4F, 0xFE2C_E6E0, 0xA301_4314, 0x4E08_11A1, 0xF753_7E82, 0xBD3A_F235, 0x2AD7_D2BB, 0xEB86_D391,
    ]
}
