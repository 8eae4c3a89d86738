/// A scenario: a configuration and a sequence of steps with expected
/// outcomes and assertions (docs/scenarios.md), parsed but not yet bound
/// to a model.
public struct Scenario: Sendable {
  /// The file (or text) it came from, for messages.
  public var source: String
  /// `config PATH`, with where it is written.
  public var config: (path: String, position: SourcePosition)?
  /// `set KEY=VALUE` lines, in order.
  public var overrides: [(text: String, position: SourcePosition)] = []
  public var items: [Item] = []

  public init(source: String) { self.source = source }

  public enum Operand: Equatable, Sendable {
    case subpage(Int)
    case folio(Int)
    case attr(Attr)
  }

  public struct Step: Sendable {
    public var actor: Actor?
    public var kind: ActionKind
    public var operands: [(Operand, SourcePosition)]
    public var outcome: Outcome
    public var position: SourcePosition
  }

  public enum Assertion: Sendable {
    /// `expect pN WORD` (word only) or `expect pN PHRASE` (whole phrase).
    case subpage(Int, view: String, wholePhrase: Bool)
    case layout(folio: Int, Layout)
    case request(Request?)
    /// The request as written: a range operand, resolved against the model.
    case requestRange(Operand, Attr)
    case closed(Bool)
    case violated(String)
  }

  public enum Item: Sendable {
    case step(Step)
    case expect(Assertion, SourcePosition)

    public var line: Int {
      switch self {
      case .step(let s): s.position.line
      case .expect(_, let p): p.line
      }
    }
  }
}

/// A malformed scenario: where and why (exit status 2).
public struct ScenarioError: Error, Equatable, Sendable, CustomStringConvertible {
  public var source: String
  public var position: SourcePosition?
  public var message: String

  public init(_ source: String, _ position: SourcePosition?, _ message: String) {
    self.source = source
    self.position = position
    self.message = message
  }

  public var description: String {
    let at = position.map { "\(source):\($0.line):\($0.column)" } ?? source
    return "\(at): error: \(message)"
  }
}
