import Testing

@testable import GmemModel

/// MODEL.md 6.3: transient references (`transientRefs`), and the waits of
/// a merge or split that freezes a folio's refcount.
@Suite struct TransientRefTests {
  let m = model(initShared: true, transientRefs: true)

  @Test func mmTakesAndDropsOneReferenceOnAPresentPageOfEitherAttribute() throws {
    let s = try m.reach([.access(0), .takeRef(0), .takeRef(1)])
    #expect(s[subpage: 0].transient && s[subpage: 1].transient)
    #expect(!m.enabled(.takeRef(0), s))
    #expect(!m.enabled(.takeRef(0), m.initialState))  // a hole
    #expect(!model(initShared: true).enabled(.takeRef(0), try model(initShared: true).reach([.access(0)])))
    let dropped = try m.reach([.dropRef(0)], from: s)
    #expect(!dropped[subpage: 0].transient)
    #expect(!m.enabled(.dropRef(0), dropped))
    // Private pages too: a page-cache lookup does not care.
    let priv = model(transientRefs: true)
    #expect(priv.enabled(.takeRef(0), try priv.reach([.access(0)])))
  }

  @Test func aReferenceBlocksConversionToPrivateWithItsOffset() throws {
    let s = try m.reach([.access(0), .takeRef(2), .request(0...3, to: .private)])
    let (step, next) = try #require(m.step(Action(.convert, 0...3, to: .private), from: s))
    #expect(step.outcome == .eagain && step.errorOffset == 2 && next == s)
    // The host cannot keep mm away: takeRef is allowed under the assumption.
    let quiet = model(initShared: true, transientRefs: true, assume: [.hostQuiescesDuringConversion])
    #expect(quiet.enabled(.takeRef(1), try quiet.reach([.access(0), .request(0...3, to: .private)])))
    let settled = model(
      initShared: true, transientRefs: true, assume: [.hostQuiescesDuringConversion, .transientRefsSettle])
    #expect(!settled.enabled(.takeRef(1), try settled.reach([.access(0), .request(0...3, to: .private)])))
  }

  @Test func theSplitAtAConversionToSharedWaitsForTheReference() throws {
    let priv = model(transientRefs: true)
    let s = try priv.reach([.access(0), .takeRef(1), .request(2...2, to: .shared)])
    #expect(s.layout(ofFolio: 0) == .huge)
    #expect(!priv.enabled(.convert, s))
    guard case .waits(on: 1, held: page(.private, .present, transient: true), pinOrPTE: false) = priv.ioctl(Action(.convert, 2...2, to: .shared), in: s) else {
      Issue.record("the split waits on p1's transient reference")
      return
    }
    #expect(priv.ioctlsSpinningOnPinsOrPTEs(in: s).isEmpty)
    let done = try priv.reach([.dropRef(1), .convert], from: s)
    #expect(done.layout(ofFolio: 0) == .split && done[subpage: 2].attr == .shared)
  }

  @Test func theMergeAtAConversionToPrivateWaitsForAReferenceAnywhereInTheFolio() throws {
    let s = try m.reach([
      .access(0), .request(0...3, to: .private), .convertPage(0, to: .private), .convertPage(1, to: .private),
      .convertPage(2, to: .private), .takeRef(0),
    ])
    // p3 is the last shared page; converting it would merge f0.
    #expect(!m.enabled(.convertPage(3, to: .private), s))
    let done = try m.reach([.dropRef(0), .convertPage(3, to: .private)], from: s)
    #expect(done.layout(ofFolio: 0) == .huge && done.request == nil)
  }

  @Test func aHeldPageBecomesAnOrphanUntilTheReferenceGoes() throws {
    let s = try m.reach([.access(0), .takeRef(1), .close])
    #expect(s[subpage: 1] == page(.shared, .orphan, transient: true))
    #expect(s[subpage: 0].life == .freed)
    let released = try m.reach([.dropRef(1)], from: s)
    #expect(released[subpage: 1] == page(.shared, .freed))
    let base = model(backing: .base, initShared: true, transientRefs: true)
    let punched = try base.reach([.access(0), .takeRef(0), .punch(0...0)])
    #expect(punched[subpage: 0] == page(.shared, .orphan, transient: true))
    #expect(try base.reach([.dropRef(0)], from: punched)[subpage: 0] == page(.shared, .hole))
  }

  @Test func aWholeFolioPunchFailsOnAReferenceAndMigrationGivesUp() throws {
    let s = try m.reach([.access(0), .takeRef(3)])
    let (outcome, next) = try m.run(.punch(0...3), s)
    // The zap of the SPTE stays; nothing leaves the file.
    #expect(outcome == .eagain && next[subpage: 0] == page(.shared, .present) && next[subpage: 3] == s[subpage: 3])
    let mig = model(initShared: true, migration: .shared4K, transientRefs: true)
    let held = try mig.reach([.access(0), .takeRef(1)])
    #expect(!mig.enabled(.migrate(1), held) && mig.enabled(.migrate(2), held))
  }
}
