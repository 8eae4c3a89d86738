import Explorer
import GmemModel
import Invariants
import Testing

/// The liveness findings issue 5 names, each with the exact lasso on a
/// small configuration.
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

  @Test func perFolioRefcountLetsALongTermPinBlockANeighbour() throws {
    let model = GuestMemfd(quiet { $0.refcount = .perFolio })
    let p = try #require(run(model.config)["ConversionCompletes"])
    #expect(p.verdict == .fail)
    #expect(lasso(p)! == (5, 1))
    let prefix = try #require(p.counterexample).steps.map { model.describe($0.label.action) }
    #expect(prefix == ["guestRequest f0 -> shared", "convert f0 -> shared", "hostFault p0", "dmaMap p0", "guestRequest p1 -> private"])
    #expect(p.cycle!.map { $0.label.outcome } == [.eagain])
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

  @Test func fairLongTermUnpinFixesThePerFolioDesign() {
    let fair: [ActionKind] = [.unpin, .convert, .merge, .dmaUnmap]
    #expect(run(quiet { $0.fairness = fair })["ConversionCompletes"]?.verdict == .pass)
    #expect(run(quiet { $0.fairness = fair; $0.refcount = .perFolio })["ConversionCompletes"]?.verdict == .pass)
  }

  @Test func withoutFairnessEvenTheRetryIsNotDue() {
    // No fairness at all: the VMM may never retry, so even a quiet host
    // sees the conversion starve.
    #expect(run(quiet { $0.fairness = [] })["ConversionCompletes"]?.verdict == .fail)
  }
}
