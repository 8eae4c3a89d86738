import Explorer
import GmemModel
import Invariants
import Testing

/// Every safety property fails on a mutant, with this exact shortest
/// counterexample; every other property still holds there.
@Suite struct MutantTests {
  struct Case: Sendable, CustomTestStringConvertible {
    let mutant: Mutant
    let backing: Backing
    let property: String
    let steps: [String]
    /// Other properties the mutant also breaks.
    var alsoFails: [String] = []
    var subpages = 3
    var edit: @Sendable (inout ModelConfig) -> Void = { _ in }
    var testDescription: String { "\(mutant) (\(backing))" }
  }

  static let cases: [Case] = [
    // A pinned p0 converted to private, with p1 and p2 shared so that the
    // folio does not merge (a merge would spin on the pin instead:
    // NoUnboundedSpin, 5 steps).
    Case(
      mutant: .skipRefcountCheck, backing: .huge, property: "NoPrivateInUserspace",
      steps: [
        "guestRequest f0 -> shared ok", "convert f0 -> shared ok", "guestRequest p0 -> private ok",
        "hostFault p0 ok", "pin p0 ok", "convert p0 -> private ok",
      ], alsoFails: ["NoPrivateInDevice", "NoUnboundedSpin"]),
    Case(
      mutant: .spinOnPins, backing: .huge, property: "NoUnboundedSpin",
      steps: [
        "guestRequest p0 -> shared ok", "convert p0 -> shared ok", "guestRequest p0 -> private ok",
        "hostFault p0 ok", "pin p0 ok",
      ]),
    Case(
      mutant: .skipRefcountCheck, backing: .base, property: "NoPrivateInUserspace",
      steps: [
        "guestRequest p0 -> shared ok", "convert p0 -> shared ok", "guestRequest p0 -> private ok",
        "hostFault p0 ok", "pin p0 ok", "convert p0 -> private ok",
      ], alsoFails: ["NoPrivateInDevice"]),
    Case(
      mutant: .skipIommuInvalidate, backing: .huge, property: "NoPrivateInDevice",
      steps: [
        "guestRequest p0 -> shared ok", "guestAccess p1 ok", "convert p0 -> shared ok",
        "guestRequest p0 -> private ok", "dmaMap p0 ok", "convert p0 -> private ok",
      ], edit: { $0.longTermPins = .pfnCallback }),
    Case(
      mutant: .migratePinned, backing: .huge, property: "NoSilentDataLoss",
      steps: [
        "guestRequest p0 -> shared ok", "convert p0 -> shared ok", "hostFault p0 ok", "pin p0 ok",
        "migrate p0 ok", "unpin p0 ok",
      ], subpages: 2, edit: { $0.migration = .shared4K; $0.trackData = true }),
    Case(
      mutant: .freePiecesToBuddy, backing: .huge, property: "HugepageReconstitutable",
      steps: ["guestRequest p0 -> shared ok", "guestAccess p1 ok", "convert p0 -> shared ok", "close ok"]),
    Case(
      mutant: .mergeWithPins, backing: .huge, property: "NoUseAfterFree",
      steps: [
        "guestRequest p0 -> shared ok", "convert p0 -> shared ok", "hostFault p0 ok", "pin p0 ok",
        "close ok", "merge f0 ok",
      ]),
    Case(
      mutant: .skipSplitOnShare, backing: .huge, property: "SplitIfAnyShared",
      steps: ["guestRequest p0 -> shared ok", "guestAccess p1 ok", "convert p0 -> shared ok"]),
    Case(
      mutant: .unboundedPins, backing: .huge, property: "RefcountsBounded",
      steps: [
        "guestRequest p0 -> shared ok", "convert p0 -> shared ok", "hostFault p0 ok", "pin p0 ok",
        "pin p0 ok",
      ]),
  ]

  @Test(arguments: cases)
  func mutantBreaksItsPropertyWithThisShortestTrace(c: Case) throws {
    let model = GuestMemfd(
      config(subpages: c.subpages, backing: c.backing, mutants: [c.mutant], edit: c.edit))
    let r = check(model.config)
    #expect(r.verdict == .fail)
    let failing = [c.property] + c.alsoFails
    for p in r.properties {
      #expect(p.verdict == (failing.contains(p.name) ? .fail : .pass), "\(p.name)")
    }
    let failed = try #require(r.properties.first { $0.name == c.property })
    let trace = try #require(failed.counterexample)
    let steps = trace.steps.map { model.describe($0.label.action) + " " + $0.label.outcome.name }
    #expect(steps == c.steps)
    let invariant = try #require(Invariant.named(c.property))
    #expect(!invariant.holds(in: trace.final, of: model))
    // Every state before the last satisfies the property: the trace is
    // minimal in the sense that it stops at the first violation.
    #expect(invariant.holds(in: trace.initial, of: model))
    for step in trace.steps.dropLast() { #expect(invariant.holds(in: step.state, of: model)) }
  }

  @Test func everyPropertyIsBrokenBySomeMutant() {
    let broken = Set(Self.cases.map(\.property))
    let safety = Set(Invariant.all.map(\.name))
    #expect(broken == safety)
    #expect(Set(Mutant.allCases.map(\.breaks)).intersection(safety) == broken)
    // The others break a liveness property (LivenessFindingsTests).
    #expect(Mutant.allCases.allSatisfy { safety.contains($0.breaks) || LivenessProperty.named($0.breaks) != nil })
  }

  /// MODEL.md 6.2: the refcount check counts PTEs too, so a conversion
  /// that skips the zap meets EAGAIN on the PTE it left: no safety
  /// property fails any more (the conversion never completes instead:
  /// LivenessFindingsTests).
  @Test func skippingTheZapAloneNoLongerLeaks() throws {
    let model = GuestMemfd(config(mutants: [.skipUnmapOnConvert]))
    #expect(check(model.config).verdict == .pass)
    var s = try #require(model.apply(Action(.guestRequest, 0...0, to: .shared), to: model.initialState)).1
    s = try #require(model.apply(Action(.convert, 0...0, to: .shared), to: s)).1
    s = try #require(model.apply(Action(.hostFault, 0...0), to: s)).1
    s = try #require(model.apply(Action(.guestRequest, 0...0, to: .private), to: s)).1
    let (step, next) = try #require(model.step(Action(.convert, 0...0, to: .private), from: s))
    #expect(step.outcome == .eagain && step.errorOffset == 0)
    #expect(next == s)
    // Skipping the check as well leaks the page.
    let both = GuestMemfd(config(mutants: [.skipUnmapOnConvert, .skipRefcountCheck]))
    #expect(verdicts(check(both.config))["NoPrivateInUserspace"] == .fail)
  }

  @Test func traceReplaysThroughTheModel() throws {
    let model = GuestMemfd(config(mutants: [.skipRefcountCheck]))
    let r = check(model.config)
    let trace = try #require(r.properties[0].counterexample)
    var s = trace.initial
    for step in trace.steps {
      let (outcome, next) = try #require(model.apply(step.label.action, to: s))
      #expect(outcome == step.label.outcome)
      #expect(next == step.state)
      s = next
    }
  }
}

func config(backing: Backing, mutants: [Mutant]) -> ModelConfig {
  config(folios: 1, subpages: 3, backing: backing, mutants: mutants)
}

func config(subpages: Int, backing: Backing, mutants: [Mutant], edit: (inout ModelConfig) -> Void)
  -> ModelConfig
{
  config(folios: 1, subpages: subpages, backing: backing, mutants: mutants, edit: edit)
}
