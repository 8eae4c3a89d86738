import Explorer
import GmemModel
import Invariants

func config(
  folios: Int = 1, subpages: Int = 3, backing: Backing = .huge, initShared: Bool = false,
  mutants: [Mutant] = []
) -> ModelConfig {
  var c = ModelConfig()
  c.folios = folios
  c.subpages = subpages
  c.backing = backing
  c.initShared = initShared
  c.mutants = mutants
  return c
}

func check(_ c: ModelConfig) -> SearchResult<GmemState, Step> {
  let model = GuestMemfd(c)
  return BreadthFirstSearch(system: model, properties: Invariant.all.map { $0.property(for: model) })
    .run()
}

func verdicts(_ r: SearchResult<GmemState, Step>) -> [String: Verdict] {
  Dictionary(uniqueKeysWithValues: r.properties.map { ($0.name, $0.verdict) })
}
