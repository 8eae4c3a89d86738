/// A scenario: a configuration and a sequence of steps with expected
/// outcomes and assertions (docs/scenarios.md), parsed but not yet bound
/// to a model.
public struct Scenario: Sendable {
  /// The file (or text) it came from, for messages.
  public var source: String
  /// The file its errors name: `source`, but for a counterexample of a
  /// JSON trace, whose `source` names its property too ("FILE (NAME)",
  /// which is not a place).
  public var file: String
  /// `config PATH`, with where it is written.
  public var config: (path: String, position: SourcePosition)?
  /// `set KEY=VALUE` lines, in order.
  public var overrides: [(text: String, position: SourcePosition)] = []
  public var items: [Item] = []
  /// A JSON trace's recorded initial state.
  public var initial: Recorded? = nil
  /// A JSON trace's model, read whole (instead of `config` and `set`).
  public var model: ModelConfig? = nil
  /// When properties are checked: after every step (a scenario), after
  /// the last (a JSON safety trace, whose every state is compared
  /// instead), or never (a lasso or a deadlock, which may pass through
  /// states that violate a safety property: only its states are compared).
  public var propertyChecks = PropertyChecks.everyStep

  public enum PropertyChecks: Sendable {
    case everyStep, lastStep, never
  }

  public init(source: String) {
    self.source = source
    self.file = source
  }

  public enum Operand: Equatable, Sendable {
    case subpage(Int)
    case folio(Int)
    /// `pN-pM`: subpages N to M.
    case span(Int, Int)
    case attr(Attr)
    /// `vcpuN`: whose request (MODEL.md 6.5).
    case vcpu(Int)
  }

  /// What a step must give.
  public enum Expected: Equatable, Sendable {
    /// This outcome, and with `at` this ioctl error offset.
    case outcome(Outcome, at: Int?)
    /// The step's precondition is false here.
    case disabled
  }

  public struct Step: Sendable {
    public var actor: Actor?
    public var kind: ActionKind
    public var operands: [(Operand, SourcePosition)]
    public var expected: Expected
    public var position: SourcePosition
    /// A JSON trace's recorded state after the step, and where it is.
    public var recorded: Recorded? = nil

    public init(
      actor: Actor?, kind: ActionKind, operands: [(Operand, SourcePosition)], expected: Expected,
      position: SourcePosition, recorded: Recorded? = nil
    ) {
      self.actor = actor
      self.kind = kind
      self.operands = operands
      self.expected = expected
      self.position = position
      self.recorded = recorded
    }
  }

  /// A state a JSON trace recorded, which replay compares field by field.
  public struct Recorded: Sendable {
    public var state: JSONValue
    /// Its JSON path, for messages: `counterexamples[0].steps[3].state`.
    public var path: String
  }

  /// A subpage's view as an `expect` states it: a card word, and with a
  /// parenthesised phrase every detail (`nil`: the word alone).
  public struct View: Equatable, Sendable {
    public var word: String
    public var details: [String]?

    public var text: String {
      guard let details else { return word }
      return "\(word) (\(details.joined(separator: ", ")))"
    }
  }

  public enum Assertion: Sendable {
    /// `expect pN VIEW`, or `expect pN-pM VIEW` for each subpage.
    case subpages(Operand, View)
    case layout(folio: Int, Layout)
    /// `expect request [vcpuN] none | RANGE ATTR`.
    case request(vcpu: Int, (Operand, Attr)?)
    case closed(Bool)
    case violated(String)
  }

  public enum Item: Sendable {
    case step(Step)
    case expect(Assertion, SourcePosition)
    /// `reset`: a new run on a fresh file, the same configuration.
    case reset(SourcePosition)

    public var line: Int {
      switch self {
      case .step(let s): s.position.line
      case .expect(_, let p), .reset(let p): p.line
      }
    }
  }

  /// Steps in the scenario, over all its runs.
  public var stepCount: Int {
    items.reduce(0) { count, item in
      if case .step = item { return count + 1 }
      return count
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

  /// One line: what the file held is echoed escaped, and cut if long.
  public var description: String {
    let at = printable(source) + (position.map { ":\($0.line):\($0.column)" } ?? "")
    return "\(at): error: \(printable(message, limit: 300))"
  }
}
