// What PowerShell code uses, read from PowerShell's own AST: compiled by Get-PowerShellUsage.ps1
// (Add-Type), because walking every node of ~50 large scripts in PowerShell itself takes a minute.
// For each file: the functions it defines and each use of a command, a .NET type (literal, cast,
// parameter type, New-Object -TypeName), an attribute, a static member ([T]::M) or an instance
// member of a cast or of (New-Object T), with the PowerShell major versions that run it.
//
// The version gate is the one PowerShellVersionGate.ps1 reads for Test-Ps2Compatibility.ps1:
// `if ($PSVersionTable.PSVersion.Major -ge N) { } elseif (...) { } else { }` with -ge, -gt, -le,
// -lt or -eq; any other condition narrows nothing. test/pwsh/editions.test.ts checks that both
// readers agree on test/fixtures/ps2/cim-gated.ps1.
using System;
using System.Collections.Generic;
using System.Management.Automation.Language;
using System.Text;
using System.Text.RegularExpressions;

namespace FixForge.Editions
{
    public sealed class Use
    {
        public string k;
        public string n;
        public string m;
        public int l;
        public int c;
        public int min;
        public int max;
    }

    public sealed class FileUsage
    {
        public string file;
        public List<string> parseErrors = new List<string>();
        public List<string> functions = new List<string>();
        public List<Use> uses = new List<Use>();
    }

    public static class UsageReader
    {
        static readonly Regex Gate = new Regex(@"^\$PSVersionTable\.PSVersion\.Major-(ge|gt|le|lt|eq)(\d+)$", RegexOptions.IgnoreCase);

        /// The usage of every file as one JSON array (written here: ConvertTo-Json is slow on many objects).
        public static string ReadAsJson(string[] files, out bool parseFailed)
        {
            parseFailed = false;
            var json = new StringBuilder("[");
            for (int f = 0; f < files.Length; f++)
            {
                var usage = Read(files[f]);
                if (usage.parseErrors.Count > 0) parseFailed = true;
                if (f > 0) json.Append(',');
                json.Append("{\"file\":").Append(Quote(usage.file)).Append(",\"parseErrors\":[");
                for (int i = 0; i < usage.parseErrors.Count; i++) json.Append(i > 0 ? "," : "").Append(Quote(usage.parseErrors[i]));
                json.Append("],\"functions\":[");
                for (int i = 0; i < usage.functions.Count; i++) json.Append(i > 0 ? "," : "").Append(Quote(usage.functions[i]));
                json.Append("],\"uses\":[");
                for (int i = 0; i < usage.uses.Count; i++)
                {
                    var u = usage.uses[i];
                    json.Append(i > 0 ? "," : "").Append("{\"k\":").Append(Quote(u.k)).Append(",\"n\":").Append(Quote(u.n));
                    if (u.m != null) json.Append(",\"m\":").Append(Quote(u.m));
                    json.Append(",\"l\":").Append(u.l).Append(",\"c\":").Append(u.c);
                    if (u.min > 0) json.Append(",\"min\":").Append(u.min);
                    if (u.max < int.MaxValue) json.Append(",\"max\":").Append(u.max);
                    json.Append('}');
                }
                json.Append("]}");
            }
            return json.Append(']').ToString();
        }

        static string Quote(string text)
        {
            var quoted = new StringBuilder("\"");
            foreach (var ch in text)
            {
                if (ch == '"' || ch == '\\') quoted.Append('\\').Append(ch);
                else if (ch < ' ') quoted.Append("\\u").Append(((int)ch).ToString("x4"));
                else quoted.Append(ch);
            }
            return quoted.Append('"').ToString();
        }

        public static FileUsage Read(string file)
        {
            Token[] tokens;
            ParseError[] errors;
            var ast = Parser.ParseFile(file, out tokens, out errors);
            var usage = new FileUsage { file = file };
            foreach (var e in errors) usage.parseErrors.Add(e.Extent.StartLineNumber + ":" + e.Extent.StartColumnNumber + " " + e.Message);
            foreach (var node in ast.FindAll(n => true, true)) Visit(node, usage);
            return usage;
        }

        static void Visit(Ast node, FileUsage usage)
        {
            var command = node as CommandAst;
            if (command != null)
            {
                var name = command.GetCommandName();
                // Programs by path or file name (sc.exe, & $reg) are not commands of an edition.
                if (name != null && !Regex.IsMatch(name, @"[\\/]|\.(exe|com|cmd|bat)$", RegexOptions.IgnoreCase)) Add(usage, node, "command", name, null);
                if (string.Equals(name, "New-Object", StringComparison.OrdinalIgnoreCase))
                {
                    var type = NewObjectType(command);
                    if (type != null) Add(usage, node, "type", type, null);
                }
                return;
            }
            var typeExpression = node as TypeExpressionAst;
            if (typeExpression != null) { foreach (var t in TypeNames(typeExpression.TypeName)) Add(usage, node, "type", t, null); return; }
            var constraint = node as TypeConstraintAst;
            if (constraint != null) { foreach (var t in TypeNames(constraint.TypeName)) Add(usage, node, "type", t, null); return; }
            var attribute = node as AttributeAst;
            if (attribute != null) { Add(usage, node, "attribute", attribute.TypeName.FullName, null); return; }
            var function = node as FunctionDefinitionAst;
            if (function != null) { usage.functions.Add(function.Name); return; }
            var member = node as MemberExpressionAst;
            if (member != null)
            {
                var memberName = member.Member as StringConstantExpressionAst;
                if (memberName == null) return;
                var onType = member.Expression as TypeExpressionAst;
                if (member.Static && onType != null) { Add(usage, node, "static", onType.TypeName.FullName, memberName.Value); return; }
                if (!member.Static)
                {
                    var type = ExpressionType(member.Expression);
                    if (type != null) Add(usage, node, "instance", type, memberName.Value);
                }
            }
        }

        static void Add(FileUsage usage, Ast node, string kind, string name, string member)
        {
            int min, max;
            VersionGate(node, out min, out max);
            usage.uses.Add(new Use { k = kind, n = name, m = member, l = node.Extent.StartLineNumber, c = node.Extent.StartColumnNumber, min = min, max = max });
        }

        /// The names a type name stands for: an array's element type, a generic's definition (with
        /// its arity, as .NET names it) and its arguments.
        static IEnumerable<string> TypeNames(ITypeName name)
        {
            var array = name as ArrayTypeName;
            if (array != null) { foreach (var t in TypeNames(array.ElementType)) yield return t; yield break; }
            var generic = name as GenericTypeName;
            if (generic != null)
            {
                yield return generic.TypeName.FullName + "`" + generic.GenericArguments.Count;
                foreach (var argument in generic.GenericArguments) foreach (var t in TypeNames(argument)) yield return t;
                yield break;
            }
            yield return name.FullName;
        }

        /// New-Object's -TypeName, named or first positional; null for -ComObject or a computed name.
        static string NewObjectType(CommandAst command)
        {
            var elements = command.CommandElements;
            for (int i = 1; i < elements.Count; i++)
            {
                var parameter = elements[i] as CommandParameterAst;
                if (parameter != null)
                {
                    if ("ComObject".StartsWith(parameter.ParameterName, StringComparison.OrdinalIgnoreCase)) return null;
                    if ("TypeName".StartsWith(parameter.ParameterName, StringComparison.OrdinalIgnoreCase))
                    {
                        var value = parameter.Argument ?? (i + 1 < elements.Count ? elements[i + 1] as ExpressionAst : null);
                        var text = value as StringConstantExpressionAst;
                        return text == null ? null : text.Value;
                    }
                    if (parameter.Argument == null) i++;
                    continue;
                }
                var positional = elements[i] as StringConstantExpressionAst;
                return positional == null ? null : positional.Value;
            }
            return null;
        }

        /// The .NET type an expression has for sure: a cast, or a cast or New-Object in parentheses.
        static string ExpressionType(ExpressionAst expression)
        {
            var convert = expression as ConvertExpressionAst;
            if (convert != null) return convert.Type.TypeName.FullName;
            var paren = expression as ParenExpressionAst;
            var pipeline = paren == null ? null : paren.Pipeline as PipelineAst;
            if (pipeline == null || pipeline.PipelineElements.Count != 1) return null;
            // ([Type]$x).Member: the cast inside the parentheses.
            var inner = pipeline.PipelineElements[0] as CommandExpressionAst;
            if (inner != null) return ExpressionType(inner.Expression);
            var command = pipeline.PipelineElements[0] as CommandAst;
            if (command == null || !string.Equals(command.GetCommandName(), "New-Object", StringComparison.OrdinalIgnoreCase)) return null;
            return NewObjectType(command);
        }

        /// The PowerShell major versions that run a node (0 and int.MaxValue: no bound), narrowed by
        /// every version-gate clause around it.
        public static void VersionGate(Ast node, out int min, out int max)
        {
            min = 0;
            max = int.MaxValue;
            Ast child = node;
            for (var parent = node.Parent; parent != null; child = parent, parent = parent.Parent)
            {
                var statement = parent as IfStatementAst;
                if (statement == null) continue;
                var ranges = new List<int[]>();
                bool inBody = false;
                foreach (var clause in statement.Clauses)
                {
                    if (ReferenceEquals(clause.Item1, child)) break;
                    if (ReferenceEquals(clause.Item2, child)) { ranges.Add(Range(clause.Item1, false)); inBody = true; break; }
                    ranges.Add(Range(clause.Item1, true));
                }
                if (!inBody && !ReferenceEquals(statement.ElseClause, child)) continue;
                foreach (var range in ranges)
                {
                    if (range == null) continue;
                    min = Math.Max(min, range[0]);
                    max = Math.Min(max, range[1]);
                }
            }
        }

        /// The majors for which a condition is true (or, negated, false); null when it is not a
        /// version gate or its negation is not one range.
        static int[] Range(Ast condition, bool negate)
        {
            var match = Gate.Match(Regex.Replace(condition.Extent.Text, @"\s+", ""));
            if (!match.Success) return null;
            int n = int.Parse(match.Groups[2].Value);
            string op = match.Groups[1].Value.ToLowerInvariant();
            if (negate)
            {
                switch (op)
                {
                    case "ge": op = "lt"; break;
                    case "gt": op = "le"; break;
                    case "le": op = "gt"; break;
                    case "lt": op = "ge"; break;
                    default: return null;
                }
            }
            switch (op)
            {
                case "ge": return new[] { n, int.MaxValue };
                case "gt": return new[] { n + 1, int.MaxValue };
                case "le": return new[] { 0, n };
                case "lt": return new[] { 0, n - 1 };
                default: return new[] { n, n };
            }
        }
    }
}
