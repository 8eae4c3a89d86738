import Explorer
import Testing

@testable import GmemModel

/// `isProperEnd` through the protocol, as the engine's deadlock check
/// calls it (the protocol's default says "never").
private func properEndAsTheEngineSeesIt<T: TransitionSystem>(_ system: T, _ s: T.State) -> Bool {
  system.isProperEnd(s)
}

/// What `forEachSuccessor` yields, in order.
private func steps(_ m: GuestMemfd, _ s: GmemState) -> [Step] {
  var result: [Step] = []
  m.forEachSuccessor(of: s) { step, _ in result.append(step) }
  return result
}

/// MODEL.md 2.2: a closed file whose folios are all in the pool is a proper
/// end, not a deadlock (`isProperEnd`, `allInPool`).
@Suite struct ProperEndTests {
  @Test func theInitialStateIsAllInThePoolButNotAnEnd() {
    for m in [model(), model(folios: 3, subpages: 2, initShared: true), model(backing: .base)] {
      #expect(m.allInPool(m.initialState))
      #expect(!m.isProperEnd(m.initialState))
      #expect(!properEndAsTheEngineSeesIt(m, m.initialState))
    }
  }

  @Test func closingAFileWithNothingAllocatedIsAProperEnd() throws {
    let m = model()
    let end = try m.reach([.close])
    #expect(m.allInPool(end))
    #expect(m.isProperEnd(end))
    #expect(properEndAsTheEngineSeesIt(m, end))
  }

  @Test func freedPiecesAreNotInThePoolUntilMerged() throws {
    let m = model()
    let closed = try m.reach([.access(0), .close])
    #expect((0...3).allSatisfy { closed[subpage: $0].life == .freed })
    #expect(closed.closed)
    #expect(!m.allInPool(closed))
    #expect(!m.isProperEnd(closed))
    #expect(!properEndAsTheEngineSeesIt(m, closed))
    let merged = try m.reach([.merge(0)], from: closed)
    #expect(m.allInPool(merged))
    #expect(m.isProperEnd(merged))
    #expect(properEndAsTheEngineSeesIt(m, merged))
  }

  @Test func anOpenFileIsNeverAProperEnd() throws {
    let m = model()
    let punched = try m.reach([.access(0), .punch(0...3)])
    #expect(m.allInPool(punched))
    #expect(!punched.closed)
    #expect(!m.isProperEnd(punched))
    #expect(!m.allInPool(try m.reach([.access(0)])))
  }

  @Test func anOrphanIsNotInThePool() throws {
    let m = model(initShared: true)
    let closed = try m.reach([.fault(1), .pin(1), .close])
    #expect(closed[subpage: 1].life == .orphan)
    #expect(!m.isProperEnd(closed))
    let released = try m.reach([.unpin(1)], from: closed)
    #expect(!m.isProperEnd(released))  // all freed, merge still to run
    #expect(m.isProperEnd(try m.reach([.merge(0)], from: released)))
  }

  @Test func withHugeBackingEveryLayoutMustBeHuge() {
    let m = model(folios: 2, subpages: 2)
    var s = m.initialState
    s.closed = true
    #expect(m.isProperEnd(s))
    s.setLayout(.split, ofFolio: 1)
    #expect(!m.allInPool(s))
    #expect(!m.isProperEnd(s))
    s.setLayout(.huge, ofFolio: 1)
    s.setLayout(.split, ofFolio: 0)
    #expect(!m.allInPool(s))
  }

  @Test func everyIndexAndEveryPieceMustBeAHole() {
    let m = model(folios: 2, subpages: 2, initShared: true, migration: .shared4K)
    var s = m.initialState
    s.closed = true
    #expect(m.isProperEnd(s))
    for life in [Life.freed, .orphan, .present] {
      var t = s
      t[subpage: 3].life = life
      #expect(!m.allInPool(t), "\(life)")
      #expect(!m.isProperEnd(t), "\(life)")
    }
    // A migrated index whose own page is gone but whose piece still waits
    // in the folio's merge set: the index is a hole, the piece is not.
    var t = s
    t[subpage: 2] = page(.shared, .hole, migrated: true, pieceFreed: true)
    #expect(t[subpage: 2].pieceLife == .freed)
    #expect(!m.allInPool(t))
    #expect(!m.isProperEnd(t))
    // A migrated index that still has its standalone page: the piece is
    // back, the index is not.
    t[subpage: 2] = page(.shared, .present, migrated: true)
    #expect(t[subpage: 2].pieceLife == .hole)
    #expect(!m.allInPool(t))
  }

  @Test func withBaseBackingAReleasedPageIsAHoleAtOnce() throws {
    let m = model(subpages: 1, backing: .base)
    #expect(m.isProperEnd(try m.reach([.access(0), .close])))
    let s = try m.reach([.request(0...0, to: .shared), .convert], from: m.initialState)
    let pinned = try m.reach([.fault(0), .pin(0), .close], from: s)
    #expect(pinned[subpage: 0].life == .orphan)
    #expect(!m.isProperEnd(pinned))
    #expect(m.isProperEnd(try m.reach([.unpin(0)], from: pinned)))
  }

  /// Deadlock (docs/semantics.md): a state with no enabled action at all,
  /// self-loops counting as enabled, that is not a proper end.
  private func deadlocks(_ m: GuestMemfd) -> [GmemState] {
    m.reachableStates().filter { steps(m, $0).isEmpty && !m.isProperEnd($0) }
  }

  @Test(arguments: [
    model(subpages: 2), model(subpages: 2, initShared: true), model(subpages: 2, backing: .base),
    model(subpages: 2, initShared: true, migration: .shared4K),
    model(subpages: 2, initShared: true, split: .atCreation, refcount: .perFolio),
  ])
  func theDefaultDesignsEndProperlyOrCanMove(m: GuestMemfd) {
    let states = m.reachableStates()
    #expect(deadlocks(m).isEmpty)
    let ends = states.filter { steps(m, $0).isEmpty }
    #expect(!ends.isEmpty)
    #expect(ends.allSatisfy { m.isProperEnd($0) })
    // Every proper end is where nothing is left to do.
    #expect(states.filter { m.isProperEnd($0) }.allSatisfy { steps(m, $0).isEmpty })
  }

  @Test func freeingPiecesToTheBuddyAllocatorStrandsASplitFolio() throws {
    // All pieces go to the allocator on close, the folio stays split and
    // nothing can merge it: no action is enabled, yet it is no proper end.
    let m = model(subpages: 2, initShared: true, mutants: [.freePiecesToBuddy])
    let stuck = try m.reach([.access(0), .close])
    #expect((0...1).allSatisfy { stuck[subpage: $0].life == .hole })
    #expect(stuck.layout(ofFolio: 0) == .split)
    #expect(steps(m, stuck).isEmpty)
    #expect(!m.isProperEnd(stuck))
    #expect(deadlocks(m).contains(stuck))
  }
}

/// Weak fairness per action instance (`fairnessClasses`).
@Suite struct FairnessClassTests {
  @Test func theDefaultClassesAreEachUnpinTheConvertTheAbandonAndEachMerge() {
    let m = model(folios: 2, subpages: 2)
    let (names, classOf) = m.fairnessClasses
    #expect(names == ["unpin p0", "unpin p1", "unpin p2", "unpin p3", "convert", "abandon", "merge f0", "merge f1"])
    #expect((0...3).map { classOf(Step(.unpin($0), .ok)) } == [0, 1, 2, 3])
    #expect(classOf(Step(Action(.convert, 0...1, to: .private), .ok)) == 4)
    #expect(classOf(Step(Action(.convert, 3...3, to: .shared), .ok)) == 4)
    // Going page by page is the VMM's choice: no fairness owes it.
    #expect(classOf(Step(.convertPage(1, to: .private), .ok)) == nil)
    #expect(classOf(Step(.abandon(), .ok)) == 5)
    #expect(classOf(Step(Action(.merge, 0...1), .ok)) == 6)
    #expect(classOf(Step(Action(.merge, 2...3), .ok)) == 7)
    for a in [Action.fault(0), .pin(1), .unmap(2), .dmaMap(3), .dmaUnmap(3), .access(0), .close] {
      #expect(classOf(Step(a, .ok)) == nil, "\(m.describe(a))")
    }
    #expect(classOf(Step(.request(0...1, to: .shared), .ok)) == nil)
    #expect(classOf(Step(.punch(0...1), .ok)) == nil)
  }

  @Test func eachVCPUsConvertAndAbandonAndEachDropRefIsAClass() {
    let m = model(folios: 1, subpages: 2, transientRefs: true, vcpus: 2)
    let (names, classOf) = m.fairnessClasses
    #expect(names == [
      "unpin p0", "unpin p1", "convert (vCPU0)", "convert (vCPU1)", "abandon (vCPU0)", "abandon (vCPU1)",
      "dropRef p0", "dropRef p1", "merge f0",
    ])
    #expect(classOf(Step(Action(.convert, 0...1, to: .private, vcpu: 1), .ok)) == 3)
    #expect(classOf(Step(.abandon(vcpu: 1), .ok)) == 5)
    #expect(classOf(Step(.dropRef(1), .ok)) == 7)
    #expect(classOf(Step(.takeRef(1), .ok)) == nil)
  }

  @Test func aSelfLoopTakesItsClassLikeAnyOtherOutcome() throws {
    // "Taking it counts as taking the action": an EAGAIN retry.
    let m = model(initShared: true)
    let s = try m.reach([.fault(1), .pin(1), .request(1...1, to: .private)])
    let (_, classOf) = m.fairnessClasses
    let convert = Action(.convert, 1...1, to: .private)
    #expect(classOf(Step(convert, .eagain)) == classOf(Step(convert, .ok)))
    #expect(classOf(Step(convert, .eagain)) == 4)
    let yielded = steps(m, s)
    #expect(yielded.contains(Step(convert, .eagain, errorOffset: 1)))
    #expect(yielded.compactMap(classOf).sorted() == [1, 4])  // unpin p1, convert
  }

  @Test func dmaUnmapCanBeMadeFairOnePerSubpage() throws {
    var c = ModelConfig()
    c.subpages = 2
    try c.apply(override: "fairness=unpin,convert,merge,dmaUnmap")
    let m = GuestMemfd(c)
    let (names, classOf) = m.fairnessClasses
    #expect(Set(names) == ["unpin p0", "unpin p1", "convert", "merge f0", "dmaUnmap p0", "dmaUnmap p1"])
    #expect(names.count == 6)
    #expect(!names.contains("abandon"))
    let u0 = try #require(classOf(Step(.dmaUnmap(0), .ok)))
    let u1 = try #require(classOf(Step(.dmaUnmap(1), .ok)))
    #expect(names[u0] == "dmaUnmap p0")
    #expect(names[u1] == "dmaUnmap p1")
    #expect(model(subpages: 2).fairnessClasses.classOf(Step(.dmaUnmap(0), .ok)) == nil)
  }

  @Test func noFairnessMeansNoClasses() {
    let m = model(fairness: [])
    #expect(m.fairnessClasses.names == [])
    for a in m.fixedActions {
      #expect(m.fairnessClasses.classOf(Step(a, .ok)) == nil)
    }
  }

  /// Every kind but `migrate`, whose instances exist only with `migration:
  /// shared4K`.
  static let allButMigrate = ActionKind.allCases.filter { $0 != .migrate }

  @Test(arguments: [
    model(folios: 2, subpages: 2, fairness: allButMigrate),
    model(folios: 3, subpages: 1, fairness: allButMigrate),
    model(folios: 1, subpages: 3, migration: .shared4K, fairness: ActionKind.allCases),
    model(folios: 2, subpages: 2, fairness: [.merge, .dmaUnmap, .unpin]),
  ])
  func everyInstanceHasAClassOfItsOwnNamedAsTracesNameIt(m: GuestMemfd) {
    let (names, classOf) = m.fairnessClasses
    #expect(Set(names).count == names.count)
    var owner: [Int: Action] = [:]
    for a in m.fixedActions {
      guard m.config.fairness.contains(a.kind) else {
        #expect(classOf(Step(a, .ok)) == nil, "\(m.describe(a))")
        continue
      }
      guard let c = classOf(Step(a, .ok)) else {
        Issue.record("\(m.describe(a)) is fair but has no class")
        continue
      }
      #expect(names.indices.contains(c))
      guard names.indices.contains(c) else { continue }
      switch a.kind {
      case .convert: #expect(names[c] == "convert")
      default: #expect(names[c] == m.describe(a))
      }
      // Distinct instances never share a class (a request's instance is
      // its range and its target).
      if let other = owner[c] {
        Issue.record("\(m.describe(a)) and \(m.describe(other)) share class \(names[c])")
      }
      owner[c] = a
    }
    // Every class belongs to some instance.
    #expect(Set(owner.keys) == Set(names.indices))
  }

  @Test func eachRequestTargetIsAnInstanceOfItsOwn() {
    // docs/semantics.md: "weak fairness per action instance"; a request's
    // instance is its range and its target, as traces name it
    // ("guestRequest f0 -> shared").
    let m = model(subpages: 2, fairness: [.guestRequest])
    let (names, classOf) = m.fairnessClasses
    #expect(
      classOf(Step(.request(0...1, to: .private), .ok))
        != classOf(Step(.request(0...1, to: .shared), .ok)))
    #expect(names.count == 2 * m.ranges.count)
    #expect(names.contains("guestRequest f0 -> shared"))
  }
}

/// `assume: ["hostQuiescesDuringConversion"]`: while a conversion to
/// private is pending, hostFault, pin and dmaMap are not enabled on the
/// subpages whose pins would hold it up (the range; with `refcount:
/// perFolio` its folio). A conversion to shared restricts nothing.
@Suite struct HostQuiescesDuringConversionTests {
  let quiet = model(initShared: true, assume: [.hostQuiescesDuringConversion])
  let busy = model(initShared: true)

  @Test func theAssumptionIsReadFromTheConfiguration() {
    #expect(quiet.config.assumes(.hostQuiescesDuringConversion))
    #expect(!busy.config.assumes(.hostQuiescesDuringConversion))
    #expect(Assumption.allCases.map(\.rawValue) == ["hostQuiescesDuringConversion", "transientRefsSettle"])
  }

  @Test func faultPinAndDmaMapWaitInTheRangeOfAPendingConversionToPrivate() throws {
    // p1 and p2 mapped, then the guest asks for p1 private.
    let s = try busy.reach([.fault(1), .fault(2), .request(1...1, to: .private)])
    for a in [Action.fault(1), .pin(1), .dmaMap(1)] {
      #expect(busy.enabled(a, s), "\(busy.describe(a)) without the assumption")
      #expect(!quiet.enabled(a, s), "\(quiet.describe(a)) under the assumption")
    }
    // Outside the range nothing changes.
    for a in [Action.fault(0), .fault(2), .fault(3), .pin(2), .dmaMap(2)] {
      #expect(quiet.enabled(a, s), "\(quiet.describe(a))")
      #expect(quiet.apply(a, to: s)! == busy.apply(a, to: s)!, "\(quiet.describe(a))")
    }
    // Nor does it stop the host from letting go, or the VMM from converting.
    for a in [Action.unmap(1), .convert] {
      #expect(quiet.enabled(a, s), "\(quiet.describe(a))")
    }
    let kinds = Set(steps(quiet, s).filter { $0.action.subpage == 1 }.map(\.action.kind))
    #expect(kinds.isDisjoint(with: [.hostFault, .pin, .dmaMap]))
    #expect(Set(steps(busy, s).filter { $0.action.subpage == 1 }.map(\.action.kind))
      .isSuperset(of: [.hostFault, .pin, .dmaMap]))
  }

  @Test func aPinTakenBeforeTheRequestCanStillBeDropped() throws {
    let s = try quiet.reach([.fault(1), .pin(1), .dmaMap(1), .request(1...1, to: .private)])
    #expect(quiet.enabled(.unpin(1), s))
    #expect(quiet.enabled(.dmaUnmap(1), s))
    #expect(try quiet.outcome(.convert, s) == .eagain)
  }

  @Test func aWholeFolioRequestQuiescesTheWholeFolio() throws {
    let s = try busy.reach([.fault(0), .fault(3), .request(0...3, to: .private)])
    for p in 0...3 {
      #expect(!quiet.enabled(.fault(p), s))
      #expect(busy.enabled(.fault(p), s))
    }
    #expect(!quiet.enabled(.pin(3), s))
    #expect(!quiet.enabled(.dmaMap(0), s))
  }

  @Test func aFaultThatWouldSigbusIsNotEnabledEither() throws {
    // p0 private, p1 shared: the request f0 -> private covers a private
    // page, whose fault would be a SIGBUS self-loop.
    let s = try busy.reach([.request(0...0, to: .private), .convert, .request(0...3, to: .private)])
    #expect(try busy.outcome(.fault(0), s) == .sigbus)
    #expect(!quiet.enabled(.fault(0), s))
  }

  @Test func withRefcountPerFolioTheRequestsFolioQuiesces() throws {
    let quietFolio = model(
      folios: 2, subpages: 2, initShared: true, refcount: .perFolio,
      assume: [.hostQuiescesDuringConversion])
    let busyFolio = model(folios: 2, subpages: 2, initShared: true, refcount: .perFolio)
    let quietSubpage = model(folios: 2, subpages: 2, initShared: true, assume: [.hostQuiescesDuringConversion])
    let s = try busyFolio.reach([.fault(0), .fault(2), .request(1...1, to: .private)])
    // p0 shares p1's folio (one refcount): a pin there would hold the
    // conversion up, so the host leaves it alone.
    for a in [Action.fault(0), .pin(0), .dmaMap(0), .fault(1)] {
      #expect(busyFolio.enabled(a, s), "\(busyFolio.describe(a))")
      #expect(!quietFolio.enabled(a, s), "\(quietFolio.describe(a))")
    }
    #expect(quietSubpage.enabled(.fault(0), s))
    #expect(quietSubpage.enabled(.pin(0), s))
    #expect(!quietSubpage.enabled(.fault(1), s))
    // The other folio is never held up.
    for a in [Action.fault(2), .pin(2), .dmaMap(2), .fault(3)] {
      #expect(quietFolio.enabled(a, s), "\(quietFolio.describe(a))")
    }
  }

  @Test func aPendingConversionToSharedRestrictsNothing() throws {
    // p0 private, p1..p3 shared and p1 mapped; the guest asks for the
    // whole folio shared.
    let s = try busy.reach([
      .request(0...0, to: .private), .convert, .fault(1), .request(0...3, to: .shared),
    ])
    #expect(s.request?.to == .shared)
    for a in [Action.fault(1), .pin(1), .dmaMap(1), .fault(2), .fault(0)] {
      #expect(quiet.enabled(a, s), "\(quiet.describe(a))")
      #expect(quiet.apply(a, to: s)! == busy.apply(a, to: s)!, "\(quiet.describe(a))")
    }
  }

  @Test func theRestrictionEndsWithTheConversion() throws {
    let s = try quiet.reach([.fault(1), .request(1...1, to: .private)])
    #expect(!quiet.enabled(.fault(1), s))
    let converted = try quiet.reach([.convert], from: s)
    #expect(converted.request == nil)
    #expect(try quiet.outcome(.fault(1), converted) == .sigbus)
    let back = try quiet.reach([.request(1...1, to: .shared)], from: converted)
    #expect(try quiet.outcome(.fault(1), back) == .sigbus)  // still private until converted
    let shared = try quiet.reach([.convert, .fault(1), .pin(1), .dmaMap(1)], from: back)
    #expect(shared[subpage: 1].shortPins == 1)
  }

  @Test func pfnCallbackAndForbiddenDmaMapsWaitToo() throws {
    let pfn = model(initShared: true, longTermPins: .pfnCallback)
    let quietPfn = model(initShared: true, longTermPins: .pfnCallback, assume: [.hostQuiescesDuringConversion])
    let s = try pfn.reach([.access(1), .request(1...1, to: .private)])
    #expect(pfn.enabled(.dmaMap(1), s))
    #expect(!quietPfn.enabled(.dmaMap(1), s))
    #expect(quietPfn.enabled(.dmaMap(2), s))

    let forbidden = model(initShared: true, longTermPins: .forbidden)
    let quietForbidden = model(initShared: true, longTermPins: .forbidden, assume: [.hostQuiescesDuringConversion])
    let t = try forbidden.reach([.fault(1), .request(1...1, to: .private)])
    #expect(try forbidden.outcome(.dmaMap(1), t) == .eperm)
    #expect(!quietForbidden.enabled(.dmaMap(1), t))
  }

  /// Is `p` held still by the assumption in `s`? Written from the docs,
  /// independently of the implementation.
  private func quiesced(_ m: GuestMemfd, _ p: Int, _ s: GmemState) -> Bool {
    guard let r = s.request, r.to == .private else { return false }
    if m.config.refcount == .perFolio { return m.folio(of: p) == m.folio(of: r.first) }
    return r.range.contains(p)
  }

  @Test(arguments: [
    model(subpages: 2, initShared: true),
    model(subpages: 2, initShared: true, refcount: .perFolio),
    model(folios: 2, subpages: 1, initShared: true, longTermPins: .pfnCallback),
    model(subpages: 2, initShared: true, longTermPins: .forbidden),
    model(subpages: 2, backing: .base, maxMappers: 2, maxShortPins: 2),
  ])
  func theAssumptionChangesExactlyHostFaultPinAndDmaMapOfHeldSubpages(busy: GuestMemfd) {
    var config = busy.config
    config.assumptions = [.hostQuiescesDuringConversion]
    let quiet = GuestMemfd(config)
    var restricted = 0
    var differences = 0
    for s in busy.reachableStates() {
      for fixed in busy.fixedActions {
        let a = fixed.kind == .convert ? (busy.convertAction(in: s) ?? fixed) : fixed
        let without = busy.apply(a, to: s)
        let with = quiet.apply(a, to: s)
        let held = [.hostFault, .pin, .dmaMap].contains(a.kind) && quiesced(busy, a.subpage, s)
        let expected = held ? nil : without
        if held && without != nil { restricted += 1 }
        let same =
          switch (with, expected) {
          case (nil, nil): true
          case (let x?, let y?): x == y
          default: false
          }
        if !same {
          differences += 1
          if differences == 1 {
            Issue.record("\(busy.describe(a)) in \(s): \(String(describing: with)) vs \(String(describing: expected))")
          }
        }
      }
    }
    #expect(differences == 0)
    #expect(restricted > 0)
  }

  @Test func underTheAssumptionNoPinIsTakenOnARangeBeingMadePrivate() {
    // Reachable states of the assumed model: whatever pins a pending
    // conversion to private waits for were taken before the request.
    let m = model(subpages: 2, initShared: true, assume: [.hostQuiescesDuringConversion])
    var pinsDuringRequest = 0
    for s in m.reachableStates() {
      m.forEachSuccessor(of: s) { step, next in
        guard let r = s.request, r.to == .private, r.range.contains(step.action.subpage) else { return }
        let p = step.action.subpage
        if next[subpage: p].shortPins > s[subpage: p].shortPins
          || next[subpage: p].longPins > s[subpage: p].longPins
          || next[subpage: p].mapped > s[subpage: p].mapped
        {
          pinsDuringRequest += 1
        }
      }
    }
    #expect(pinsDuringRequest == 0)
    // Without it the host does exactly that.
    let busy = model(subpages: 2, initShared: true)
    var busyPins = 0
    for s in busy.reachableStates() {
      busy.forEachSuccessor(of: s) { step, next in
        guard let r = s.request, r.to == .private, step.action.kind == .pin,
          r.range.contains(step.action.subpage), next != s
        else { return }
        busyPins += 1
      }
    }
    #expect(busyPins > 0)
  }
}
