import Explorer
import Foundation
import GmemModel
import Invariants
import Testing

/// Liveness on the reduced graph gives the unreduced graph's verdicts on
/// every catalog configuration, lassos whose prefixes are as long, and
/// lassos that are fair lassos of the model itself (in the user's
/// numbering, step by step).
@Suite struct LivenessSymmetryTests {
  static let cases = SymmetryAgreementTests.cases + [
    (path("Models/default.json5"), ["subpages=3"]),
    (path("Models/host-starves-conversion.json5"), ["subpages=3"]),
    (path("Models/mutants/merge-with-pins.json5"), ["subpages=3"]),
    (path("Models/two-vcpus.json5"), ["subpages=2"]),
  ]

  static func path(_ relative: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent(relative).path
  }

  func run(_ model: GuestMemfd, reduced: Bool, exact: Bool = false) -> SearchResult<GmemState, Step> {
    var s = BreadthFirstSearch(
      system: model, properties: Invariant.applicable(to: model.config).map { $0.property(for: model) },
      eventually: LivenessProperty.all.map { $0.eventually(for: model) }, fairness: model.fairness,
      checkDeadlock: true)
    if reduced { s.reduction = model.livenessReduction }
    s.exact = exact
    return s.run()
  }

  @Test(arguments: cases)
  func reducedLivenessAgrees(path: String, overrides: [String]) throws {
    let model = GuestMemfd(try ModelConfig.load(file: path, overrides: overrides))
    let name = URL(fileURLWithPath: path).lastPathComponent + " " + overrides.joined(separator: " ")
    let raw = run(model, reduced: false)
    let reduced = run(model, reduced: true)
    #expect(reduced.states <= raw.states)
    #expect(reduced.properties.map(\.verdict) == raw.properties.map(\.verdict), "\(name)")
    // Whole states kept: the same counts and lassos as from fingerprints,
    // whose states are made again.
    let exact = run(model, reduced: true, exact: true)
    #expect((exact.states, exact.transitions) == (reduced.states, reduced.transitions))
    for (e, f) in zip(exact.properties, reduced.properties) {
      #expect(e.verdict == f.verdict, "\(name) \(e.name)")
      #expect(e.counterexample?.steps.map(\.state) == f.counterexample?.steps.map(\.state), "\(name) \(e.name)")
      #expect(e.cycle?.map(\.state) == f.cycle?.map(\.state), "\(name) \(e.name)")
    }
    for (r, u) in zip(reduced.properties, raw.properties) {
      let (a, b) = (r.counterexample?.steps.count, u.counterexample?.steps.count)
      #expect(
        a == b,
        "\(name) \(r.name): prefix \(a ?? -1) reduced, \(b ?? -1) unreduced; cycle \(r.cycle?.count ?? -1) reduced, \(u.cycle?.count ?? -1) unreduced"
      )
      guard let prefix = r.counterexample else { continue }
      try replays(prefix.steps, from: prefix.initial, on: model)
      #expect(model.initialStates().contains(prefix.initial))
      guard let live = LivenessProperty.named(r.name), let cycle = r.cycle else { continue }
      try replays(cycle, from: prefix.final, on: model)
      #expect(isFair(cycle, from: prefix.final, live, model), "\(name) \(r.name)")
    }
  }

  /// Each step is the model's own transition from the state before it.
  func replays(_ steps: [Trace<GmemState, Step>.Step], from start: GmemState, on model: GuestMemfd) throws {
    var at = start
    for step in steps {
      let (outcome, next) = try #require(model.apply(step.label.action, to: at))
      #expect(outcome == step.label.outcome && next == step.state)
      at = next
    }
  }

  /// Back where it started; and either the step into it abandons the
  /// request, or every state on it waits and every fair class is disabled
  /// at one of them or taken on it.
  func isFair(_ cycle: [Trace<GmemState, Step>.Step], from start: GmemState, _ p: LivenessProperty, _ model: GuestMemfd) -> Bool {
    guard let last = cycle.last else {
      var any = false
      model.forEachSuccessor(of: start) { _, _ in any = true }
      return !any && p.waiting(model, start)
    }
    guard last.state == start else { return false }
    let states = [start] + cycle.map(\.state)
    if let abandons = p.abandons,
      zip(states, cycle).contains(where: { abandons(model, $0, $1.label, $1.state) })
    {
      return true
    }
    guard states.allSatisfy({ p.waiting(model, $0) }) else { return false }
    let (classes, classOf) = model.fairnessClasses
    return classes.indices.allSatisfy { k in
      cycle.contains { classOf($0.label) == k }
        || states.contains { s in
          var enabled = false
          model.forEachSuccessor(of: s) { step, _ in enabled = enabled || classOf(step) == k }
          return !enabled
        }
    }
  }
}
