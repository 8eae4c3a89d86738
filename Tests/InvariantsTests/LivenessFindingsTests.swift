import Explorer
import GmemModel
import Invariants
import Testing

/// The liveness findings issues 5 and 17 name, each with the exact lasso
/// on a small configuration.
@Suite struct LivenessFindingsTests {
  func run(_ c: ModelConfig) -> [String: PropertyResult<GmemState, Step>] {
    let model = GuestMemfd(c)
    let r = BreadthFirstSearch(
      system: model, properties: Invariant.applicable(to: c).map { $0.property(for: model) },
      eventually: LivenessProperty.all.map { $0.eventually(for: model) }, fairness: model.fairness,
      checkDeadlock: true
    ).run()
    return Dictionary(uniqueKeysWithValues: r.properties.map { ($0.name, $0) })
  }

  func quiet(_ edit: (inout ModelConfig) -> Void = { _ in }) -> ModelConfig {
    config(subpages: 2) {
      $0.assumptions = [.hostQuiescesDuringConversion]
      edit(&$0)
    }
  }

  func lasso(_ p: PropertyResult<GmemState, Step>?) -> (Int, Int)? {
    guard let p, let prefix = p.counterexample, let cycle = p.cycle else { return nil }
    return (prefix.steps.count, cycle.count)
  }

  @Test func defaultDesignReconstitutes() {
    let r = run(config(subpages: 2))
    #expect(r["EventuallyReconstituted"]?.verdict == .pass)
    #expect(r["Deadlock"]?.verdict == .pass)
  }

  @Test func hostUserspaceStarvesAConversionWithoutTheAssumption() throws {
    let model = GuestMemfd(config(subpages: 1))
    let r = run(model.config)
    let p = try #require(r["ConversionCompletes"])
    #expect(p.verdict == .fail)
    #expect(lasso(p)! == (3, 5))
    let cycle = try #require(p.cycle).map { model.describe($0.label.action) + " " + $0.label.outcome.name }
    #expect(cycle == ["hostFault p0 ok", "pin p0 ok", "convert p0 -> private EAGAIN", "unpin p0 ok", "punchHole p0 ok"])
    // The cycle returns to where it started.
    #expect(p.cycle!.last!.state == p.counterexample!.final)
  }

  @Test func withTheAssumptionTheDefaultDesignCompletesConversions() {
    #expect(run(quiet())["ConversionCompletes"]?.verdict == .pass)
  }

  /// One refcount for the folio counts every reference (MODEL.md 6.2):
  /// the host's PTE on a shared neighbour blocks converting p1 for as long
  /// as the host keeps it, and nothing makes the VMM give up on a PTE.
  @Test func perFolioRefcountLetsANeighboursPTEBlockAConversion() throws {
    let model = GuestMemfd(quiet { $0.refcount = .perFolio })
    let r = run(model.config)
    for name in ["ConversionCompletes", "RequestAnswered"] {
      let p = try #require(r[name])
      #expect(p.verdict == .fail)
      #expect(lasso(p)! == (4, 1), "\(name)")
      let prefix = try #require(p.counterexample).steps.map { model.describe($0.label.action) }
      #expect(prefix == ["guestRequest f0 -> shared", "convert f0 -> shared", "hostFault p0", "guestRequest p1 -> private"])
      // The error offset is the folio's first subpage: one refcount.
      #expect(p.cycle!.map(\.label) == [Step(Action(.convert, 1...1, to: .private), .eagain, errorOffset: 0)])
    }
  }

  @Test func wholeFolioOnlyRefusesASubRangeForEver() throws {
    let model = GuestMemfd(quiet { $0.split = .never })
    let p = try #require(run(model.config)["ConversionCompletes"])
    #expect(lasso(p)! == (2, 2))
    #expect(p.counterexample!.steps.last!.label.outcome == .einval)
    #expect(p.cycle!.map { $0.label.outcome } == [.ok, .einval])
  }

  @Test func piecesFreedToTheBuddyNeverComeBack() throws {
    let p = try #require(run(config(mutants: [.freePiecesToBuddy]) { $0.assumptions = [.hostQuiescesDuringConversion] })["EventuallyReconstituted"])
    #expect(p.verdict == .fail)
    #expect(lasso(p)! == (4, 0))
  }

  /// If the host eventually drops its mappings and the IOMMU its pins,
  /// every request is answered; but a request a neighbour's long-term pin
  /// blocks may still be given up (`abandon`), which ConversionCompletes
  /// counts as a failure: the per-folio design can fail a conversion no
  /// pin of its own range holds up.
  @Test func fairUnmapsAnswerEveryRequestOfThePerFolioDesign() throws {
    let fair: [ActionKind] = [.hostUnmap, .unpin, .convert, .abandon, .dmaUnmap, .merge]
    #expect(run(quiet { $0.fairness = fair })["ConversionCompletes"]?.verdict == .pass)
    let model = GuestMemfd(quiet { $0.fairness = fair; $0.refcount = .perFolio })
    let r = run(model.config)
    #expect(r["RequestAnswered"]?.verdict == .pass)
    let p = try #require(r["ConversionCompletes"])
    #expect(p.verdict == .fail)
    #expect(p.counterexample!.steps.last!.label.action.kind == .abandon)
  }

  /// `abandon` (weakly fair) is what answers a request a long-term pin
  /// holds up: without it, the VMM retries for ever.
  @Test func abandonAnswersARequestALongTermPinBlocks() throws {
    #expect(run(quiet())["RequestAnswered"]?.verdict == .pass)
    let model = GuestMemfd(quiet { $0.fairness = [.unpin, .convert, .merge] })
    let p = try #require(run(model.config)["RequestAnswered"])
    #expect(p.verdict == .fail)
    #expect(lasso(p)! == (6, 1))
    #expect(p.counterexample!.steps.map { $0.label.action.kind }.contains(.dmaMap))
    #expect(p.cycle!.map(\.label) == [Step(Action(.convert, 0...0, to: .private), .eagain, errorOffset: 0)])
  }

  /// MODEL.md 6.2: the PTE a conversion that skips the zap leaves makes
  /// it fail with EAGAIN, for as long as the host keeps the mapping.
  @Test func aConversionThatSkipsTheZapWaitsOnTheHostForEver() throws {
    let model = GuestMemfd(
      config(subpages: 2, mutants: [.skipUnmapOnConvert]) { $0.assumptions = [.hostQuiescesDuringConversion] })
    let p = try #require(run(model.config)["ConversionCompletes"])
    #expect(p.verdict == .fail)
    #expect(lasso(p)! == (4, 1))
    #expect(p.cycle!.map(\.label) == [Step(Action(.convert, 0...0, to: .private), .eagain, errorOffset: 0)])
  }

  /// MODEL.md 6.3: transient references starve a conversion under weak
  /// fairness. Here the split at a conversion to shared waits while mm
  /// holds a reference on p0; mm drops it and takes it again, and the
  /// VMM's retry is never enabled for ever, so weak fairness does not
  /// force it. `transientRefsSettle` rules it out.
  @Test func transientReferencesStarveAConversionUnderWeakFairness() throws {
    let model = GuestMemfd(quiet { $0.transientRefs = true })
    let r = run(model.config)
    for name in ["ConversionCompletes", "RequestAnswered"] {
      let p = try #require(r[name])
      #expect(p.verdict == .fail)
      #expect(lasso(p)! == (1, 4), "\(name)")
      let cycle = p.cycle!.map { model.describe($0.label.action) }
      #expect(cycle == ["guestAccess p1", "takeRef p0", "dropRef p0", "punchHole f0"])
    }
    let settled = run(quiet { $0.transientRefs = true; $0.assumptions.append(.transientRefsSettle) })
    #expect(settled["ConversionCompletes"]?.verdict == .pass)
    #expect(settled["RequestAnswered"]?.verdict == .pass)
    #expect(settled["EventuallyReconstituted"]?.verdict == .pass)
  }

  @Test func twoVCPUsAnswerEveryRequest() {
    let r = run(quiet { $0.vcpus = 2 })
    for name in ["ConversionCompletes", "RequestAnswered", "EventuallyReconstituted", "Deadlock"] {
      #expect(r[name]?.verdict == .pass, "\(name)")
    }
  }

  @Test func withoutFairnessEvenTheRetryIsNotDue() {
    // No fairness at all: the VMM may never retry, so even a quiet host
    // sees the conversion starve.
    #expect(run(quiet { $0.fairness = [] })["ConversionCompletes"]?.verdict == .fail)
  }
}
