import Testing

@testable import GmemModel

/// MODEL.md 6.4 (`partialPunch`) and 6.5 (`vcpus`).
@Suite struct PartialPunchAndVCPUTests {
  @Test func einvalRefusesAPunchOfPartOfAHugeFolio() throws {
    let m = model(partialPunch: .einval)
    let s = try m.reach([.access(0)])
    #expect(try m.run(.punch(1...1), s) == (.einval, s))
    #expect(try m.run(.punch(1...1), m.initialState) == (.einval, m.initialState))
    let (outcome, after) = try m.run(.punch(0...3), s)
    #expect(outcome == .ok && after == m.initialState)
    // The default zeroes in place instead.
    let zero = model(trackData: true)
    let z = try zero.reach([.access(1), .punch(1...1)])
    #expect(z[subpage: 1] == page(.private, .present))
  }

  @Test func einvalIsRefusedWithBaseBackingAndWithInitShared() {
    #expect(failure("{ partialPunch: 'einval', backing: 'base' }") != nil)
    #expect(failure("{ partialPunch: 'einval', initShared: true }") != nil)
    #expect(failure("{ partialPunch: 'einval' }") == nil)
    #expect(failure("{ assume: ['transientRefsSettle'] }") != nil)
    #expect(failure("{ vcpus: 3 }") != nil)
  }

  @Test func eachVCPUHasItsOwnRequestAndTheirRangesMayOverlap() throws {
    let m = model(initShared: true, vcpus: 2)
    let first = Action(.guestRequest, 0...3, to: .private, vcpu: 0)
    let second = Action(.guestRequest, 1...1, to: .private, vcpu: 1)
    let s = try m.reach([first, second])
    #expect(s.request(0) == Request(0...3, to: .private))
    #expect(s.request(1) == Request(1...1, to: .private))
    #expect(!m.enabled(first, s) && !m.enabled(.close, s))
    // An access waits outside every pending range.
    #expect(!m.enabled(.access(0), s) && !m.enabled(.access(1), s))
    // vCPU 0's ioctl converts p1 but answers only vCPU 0.
    let served = try m.reach([Action(.convert, 0...3, to: .private, vcpu: 0)], from: s)
    #expect(served.request(0) == nil && served.request(1) == Request(1...1, to: .private))
    // vCPU 1's own ioctl finds nothing to do and answers it: ok.
    let (step, done) = try #require(m.step(Action(.convert, 1...1, to: .private, vcpu: 1), from: served))
    #expect(step.outcome == .ok && done.request(1) == nil)
    #expect(m.changes(from: served, to: done) == ["vCPU1 request p1 to private -> none (answered: success)"])
    #expect(m.describe(Action(.convert, 1...1, to: .private, vcpu: 1)) == "convert p1 -> private (vCPU1)")
    #expect(m.describeRequests(s) == "requests: vCPU0 f0 to private, vCPU1 p1 to private")
  }

  @Test func theHostStaysOffEveryRangePendingToPrivate() throws {
    let m = model(initShared: true, vcpus: 2, assume: [.hostQuiescesDuringConversion])
    let s = try m.reach([Action(.guestRequest, 2...2, to: .private, vcpu: 1)])
    #expect(!m.enabled(.fault(2), s) && m.enabled(.fault(1), s))
  }
}
