import Cluster
import LocalTable
import Monitors
import MonitorsTestKit
import TestKit
import Testing

/// `leave_group` of a pid that is not a member: nothing happens (rule 4, the OTP-7277 fix).
@Suite("Leaving a group you are not in (OTP-7277)") struct LeaveOfANonMemberTests {
    @Test func leavingAGroupYouAreNotInReturnsFalseAndChangesNothing() throws {
        let m = memberships(groups: "chat", "games")
        let fake = FakeMonitors()
        m.join("chat", alice, monitoring: fake)
        let rows = m.table.rows, monitors = m.monitors
        #expect(m.leave("games", alice, monitoring: fake) == false)
        try m.checkInvariants()
        #expect(m.table.rows == rows)
        #expect(m.monitors == monitors, "the monitor total is not touched")
        #expect(fake.demonitored.isEmpty)
    }

    @Test func leavingOnceMoreThanYouJoinedReleasesTheMonitorOnlyOnce() throws {
        let m = memberships(groups: "chat")
        let fake = FakeMonitors()
        m.join("chat", alice, monitoring: fake)
        let ref = try #require(m.monitors.byPid[alice]?.ref)
        #expect(m.leave("chat", alice, monitoring: fake) == true)
        try m.checkInvariants()
        #expect(m.leave("chat", alice, monitoring: fake) == false)
        try m.checkInvariants()
        #expect(fake.demonitored == [ref])
    }

    /// **The story of OTP-7277.** A chat server keeps one group per room. Alice's connection
    /// process is in `#general`, once. A buggy client sends "leave `#random`" for her — a room
    /// she never joined. The bug fixed in OTP-7277 (R12B-3) was a `leave` that assumed the pid was
    /// a member; pg2 then tracked members with links, not monitors (those came in R13B03). Retold
    /// with today's monitor counter, the stray leave would be subtracted from her total anyway:
    /// 1 − 1 = 0, releasing her monitor while she is still in `#general`. When her connection
    /// later crashed, no DOWN would come; her dead pid would stay in `#general` for good, and
    /// every message to the room would go to it.
    ///
    /// With the fix, the stray leave finds no member row and stops before the monitor: her total
    /// stays 1, her monitor stays, and her death removes her from `#general`. OTP's own pg2 test
    /// suite keeps the same story as its test `otp_7277`.
    @Test func aStrayLeaveDoesNotCostAMemberTheMonitorThatNoticesHerDeath() throws {
        let m = memberships(groups: "#general", "#random")
        let fake = FakeMonitors()
        m.join("#general", alice, monitoring: fake)
        try m.checkInvariants()

        #expect(m.leave("#random", alice, monitoring: fake) == false, "she was never in #random")
        try m.checkInvariants()
        #expect(m.monitors.byPid[alice]?.total == 1, "a leave without the fix's check would leave 0 here")
        #expect(fake.livePids == [alice], "a leave without the fix's check would release the monitor here")

        let ref = try #require(m.monitors.byPid[alice]?.ref)
        m.memberDied(ref, monitoring: fake)
        try m.checkInvariants()
        #expect(try m.table.members(of: "#general") == [], "her death is noticed: she is gone")
        #expect(m.monitors.isEmpty)
    }
}
