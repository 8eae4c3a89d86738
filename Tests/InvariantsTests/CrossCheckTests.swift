import Explorer
import GmemModel
import Invariants
import Testing

/// Model revision 2 (MODEL.md section 6) against an independent
/// implementation of MODEL.md and docs/semantics.md, written apart from
/// this one (a Python breadth-first search that never read the Swift
/// code): on every configuration both ran, states, depth, transitions,
/// symmetry classes (brute-force orbits there) and each safety property's
/// shortest counterexample length agreed exactly (docs/semantics.md,
/// "Cross-check"). These are the configurations small enough for
/// `swift test`; the figures are the independent ones.
@Suite struct CrossCheckTests {
  struct Case: Sendable, CustomTestStringConvertible {
    let name: String
    let overrides: [String]
    let states: Int
    let depth: Int
    let transitions: Int
    let orbits: Int
    /// Shortest counterexample length of each property that fails (the
    /// rest pass); "Deadlock" included.
    var failures: [String: Int] = [:]
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    Case(name: "F1 N1", overrides: ["subpages=1"], states: 47, depth: 8, transitions: 191, orbits: 47),
    Case(name: "F1 N2", overrides: ["subpages=2"], states: 1407, depth: 12, transitions: 12356, orbits: 727),
    Case(name: "F2 N1", overrides: ["folios=2", "subpages=1"], states: 1249, depth: 15, transitions: 9764, orbits: 638),
    Case(
      name: "base F2 N1", overrides: ["backing=base", "folios=2", "subpages=1"], states: 2092, depth: 17,
      transitions: 15208, orbits: 1063),
    Case(
      name: "transientRefs F1 N2", overrides: ["transientRefs=true", "subpages=2"], states: 5562, depth: 14,
      transitions: 59700, orbits: 2825),
    Case(
      name: "partialPunch einval F1 N2", overrides: ["partialPunch=einval", "subpages=2"], states: 1407,
      depth: 12, transitions: 10996, orbits: 727),
    Case(
      name: "vcpus 2 F1 N2", overrides: ["vcpus=2", "subpages=2"], states: 10239, depth: 15,
      transitions: 100302, orbits: 2966),
    Case(
      name: "skipRefcountCheck F1 N1", overrides: ["mutants=skipRefcountCheck", "subpages=1"], states: 47,
      depth: 8, transitions: 185, orbits: 47, failures: ["NoUnboundedSpin": 5]),
    Case(
      name: "unboundedPins F1 N2", overrides: ["mutants=unboundedPins", "subpages=2"], states: 2871, depth: 14,
      transitions: 27090, orbits: 1468, failures: ["RefcountsBounded": 5]),
    Case(
      name: "spinOnPins F1 N2", overrides: ["mutants=spinOnPins", "subpages=2"], states: 1407, depth: 12,
      transitions: 11720, orbits: 727, failures: ["NoUnboundedSpin": 5]),
    Case(
      name: "transientRefs, both assumptions, F1 N2",
      overrides: [
        "transientRefs=true", "assume=hostQuiescesDuringConversion,transientRefsSettle", "subpages=2",
      ], states: 5562, depth: 14, transitions: 50940, orbits: 2825),
    Case(
      name: "freePiecesToBuddy F1 N3", overrides: ["mutants=freePiecesToBuddy", "subpages=3"], states: 31066,
      depth: 16, transitions: 379382, orbits: 5732, failures: ["HugepageReconstitutable": 4, "Deadlock": 4]),
    Case(
      name: "skipRefcountCheck F1 N3", overrides: ["mutants=skipRefcountCheck", "subpages=3"], states: 76319,
      depth: 20, transitions: 890818, orbits: 13671,
      failures: ["NoPrivateInUserspace": 6, "NoPrivateInDevice": 6, "NoUnboundedSpin": 5]),
  ]

  func search(_ c: ModelConfig, reduced: Bool) -> SearchResult<GmemState, Step> {
    let model = GuestMemfd(c)
    let properties = Invariant.applicable(to: c).map { $0.property(for: model) }
    var search = FrontierSearch(system: model, properties: properties, checkDeadlock: true)
    if reduced { search.canonical = Canonicalizer(model).canonical }
    return search.run()
  }

  @Test(arguments: cases)
  func agreesWithTheIndependentImplementation(c: Case) throws {
    var config = ModelConfig()
    for o in c.overrides { try config.apply(override: o) }
    try config.validate(source: c.name)
    let raw = search(config, reduced: false)
    #expect(raw.states == c.states)
    #expect(raw.depth == c.depth)
    #expect(raw.transitions == c.transitions)
    for p in raw.properties {
      let length = p.counterexample?.steps.count
      #expect(length == c.failures[p.name], "\(p.name)")
    }
    let reduced = search(config, reduced: true)
    #expect(reduced.states == c.orbits)
    #expect(reduced.properties.map { $0.counterexample?.steps.count } == raw.properties.map { $0.counterexample?.steps.count })
  }
}
