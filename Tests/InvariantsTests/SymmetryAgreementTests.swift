import Explorer
import Foundation
import GmemModel
import Invariants
import Testing

/// Symmetry reduction changes counts, never verdicts: on every catalog
/// configuration, the reduced frontier search, the unreduced one and the
/// graph engine agree on each safety verdict and on the length of each
/// shortest counterexample; the reduced traces replay on the unreduced
/// model; and thread count changes nothing at all.
@Suite struct SymmetryAgreementTests {
  /// Every configuration in Models/ and Models/mutants/, at sizes the
  /// unreduced searches finish quickly in a debug build: N = 2, and the
  /// folio symmetry at F = 2, N = 1.
  static let cases: [(String, [String])] = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    var out: [(String, [String])] = []
    for dir in ["Models", "Models/mutants"] {
      let folder = root.appendingPathComponent(dir)
      let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
      for f in files.sorted() where f.hasSuffix(".json5") {
        let path = folder.appendingPathComponent(f).path
        out.append((path, ["subpages=2"]))
        out.append((path, ["folios=2", "subpages=1"]))
      }
    }
    return out
  }()

  @Test func everyCatalogConfigurationIsCovered() {
    #expect(Self.cases.count >= 2 * 19)
  }

  @Test(arguments: cases)
  func reducedAgreesWithUnreduced(path: String, overrides: [String]) throws {
    let config = try ModelConfig.load(file: path, overrides: overrides)
    let model = GuestMemfd(config)
    let properties = Invariant.applicable(to: config).map { $0.property(for: model) }
    func frontier(symmetry: Bool, threads: Int) -> SearchResult<GmemState, Step> {
      var s = FrontierSearch(system: model, properties: properties, checkDeadlock: true)
      if symmetry { s.canonical = Canonicalizer(model).canonical }
      (s.threads, s.batchSize) = (threads, 97)
      return s.run()
    }
    let graph = BreadthFirstSearch(system: model, properties: properties, checkDeadlock: true).run()
    let raw = frontier(symmetry: false, threads: 1)
    let reduced = frontier(symmetry: true, threads: 1)
    let lengths = { (r: SearchResult<GmemState, Step>) in r.properties.map { $0.counterexample?.steps.count } }

    #expect(raw.states == graph.states)
    #expect(raw.transitions == graph.transitions)
    #expect(reduced.states <= raw.states)
    #expect(raw.properties.map(\.verdict) == graph.properties.map(\.verdict))
    #expect(reduced.properties.map(\.verdict) == raw.properties.map(\.verdict))
    #expect(lengths(raw) == lengths(graph))
    #expect(lengths(reduced) == lengths(raw))
    #expect(reduced.depth == raw.depth)

    for p in reduced.properties {
      guard let trace = p.counterexample else { continue }
      try replays(trace, on: model)
      if let invariant = Invariant.named(p.name) {
        #expect(!invariant.holds(in: trace.final, of: model), "\(p.name) holds at the end of its trace")
      }
    }

    for (one, symmetry) in [(raw, false), (reduced, true)] {
      let two = frontier(symmetry: symmetry, threads: 2)
      #expect(two.states == one.states && two.transitions == one.transitions && two.depth == one.depth)
      #expect(two.properties.map { $0.counterexample.map(labels) } == one.properties.map { $0.counterexample.map(labels) })
    }
  }

  func labels(_ t: Trace<GmemState, Step>) -> [String] { t.steps.map { "\($0.label)" } }

  /// Each step is the model's own transition from the state before it.
  func replays(_ trace: Trace<GmemState, Step>, on model: GuestMemfd) throws {
    var at = trace.initial
    #expect(model.initialStates().contains(at))
    for step in trace.steps {
      let (outcome, next) = try #require(model.apply(step.label.action, to: at))
      #expect(outcome == step.label.outcome && next == step.state)
      at = next
    }
  }
}
