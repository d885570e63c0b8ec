using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Xml;

namespace LibvirtPS.Core.Drivers.Test
{
    /// <summary>
    /// libvirt reports a document libxml2 cannot parse as VIR_ERR_XML_DETAIL "&lt;name&gt;:&lt;line&gt;: &lt;libxml2 text&gt;\n&lt;the
    /// line&gt;\n&lt;dashes&gt;^". .NET's XmlReader finds the same faults with other words; this gives libxml2's words, line
    /// and caret for the faults people make by hand (unclosed or mismatched tags, text outside the root, an unquoted
    /// attribute, an unknown entity, an empty document), each checked against libvirt 9.0 (libxml2 2.9.14). Other faults
    /// keep .NET's wording after libvirt's "&lt;name&gt;:&lt;line&gt;: ".
    /// </summary>
    internal static class TestLibxml2Errors
    {
        internal static string Describe(XmlException e, string? source, string name)
        {
            var known = source == null ? null : Translate(e, source);
            if (known == null)
                return name + ":" + e.LineNumber.ToString(CultureInfo.InvariantCulture) + ": " + e.Message;
            var (message, line, column) = known.Value;
            return name + ":" + line.ToString(CultureInfo.InvariantCulture) + ": " + message + "\n" + Context(source!, line, column);
        }

        private static (string Message, int Line, int Column)? Translate(XmlException e, string source)
        {
            var text = source.Replace("\r\n", "\n");
            if (text.Length == 0) return ("Document is empty", 1, 0);
            var (endLine, endColumn) = EndOf(text);
            if (text.Trim().Length == 0) return ("Start tag expected, '<' not found", endLine, endColumn);

            // where the reader was: the open elements (name, line) and whether the root is already closed
            var open = new Stack<(string Name, int Line)>();
            bool rootSeen = false, rootClosed = false;
            try
            {
                using (var reader = XmlReader.Create(new StringReader(text), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null }))
                {
                    var info = (IXmlLineInfo)reader;
                    while (reader.Read())
                    {
                        if (reader.NodeType == XmlNodeType.Element)
                        {
                            rootSeen = true;
                            if (!reader.IsEmptyElement) open.Push((reader.Name, info.LineNumber));
                            else if (open.Count == 0) rootClosed = true;
                        }
                        else if (reader.NodeType == XmlNodeType.EndElement && open.Count > 0)
                        {
                            open.Pop();
                            if (open.Count == 0) rootClosed = true;
                        }
                    }
                }
                return null; // parses here: not a fault this class knows
            }
            catch (XmlException)
            {
                // the state above is the state at the fault
            }

            int line = e.LineNumber, column = Math.Max(0, e.LinePosition - 1);
            string lineText = LineText(text, line);
            char At(int i) => i >= 0 && i < lineText.Length ? lineText[i] : '\0';

            if (e.LineNumber == 0 || line > endLine || (line == endLine && column >= lineText.Length))
            {
                // the input ended inside an element
                if (open.Count > 0) return ("Premature end of data in tag " + open.Peek().Name + " line " + open.Peek().Line.ToString(CultureInfo.InvariantCulture), endLine, endColumn);
                return null;
            }
            if (rootClosed) return ("Extra content at the end of the document", line, column);
            if (!rootSeen && At(column) != '<') return ("Start tag expected, '<' not found", line, column);
            if (column >= 2 && At(column - 2) == '<' && At(column - 1) == '/' && open.Count > 0)
            {
                int end = lineText.IndexOf('>', column);
                if (end < 0) return null;
                var endName = lineText.Substring(column, end - column).TrimEnd();
                if (endName == open.Peek().Name) return null;
                return ("Opening and ending tag mismatch: " + open.Peek().Name + " line " + open.Peek().Line.ToString(CultureInfo.InvariantCulture) + " and " + endName, line, end + 1);
            }
            if (column >= 1 && At(column - 1) == '&')
            {
                int semi = lineText.IndexOf(';', column);
                if (semi < 0) return null;
                return ("Entity '" + lineText.Substring(column, semi - column) + "' not defined", line, semi + 1);
            }
            int before = column - 1;
            while (before >= 0 && char.IsWhiteSpace(At(before))) before--;
            if (At(before) == '=' && At(column) != '"' && At(column) != '\'') return ("AttValue: \" or ' expected", line, column);
            return null;
        }

        /// <summary>libxml2's context: the line, then '-' for each character before the fault ('\t' kept), then '^'; "(null)" for nothing.</summary>
        private static string Context(string source, int line, int column)
        {
            var text = LineText(source.Replace("\r\n", "\n"), line);
            if (text.Length == 0) return "(null)\n^";
            var caret = new StringBuilder();
            for (int i = 0; i < column && i < text.Length; i++) caret.Append(text[i] == '\t' ? '\t' : '-');
            for (int i = text.Length; i < column; i++) caret.Append('-');
            return text + "\n" + caret + "^";
        }

        private static string LineText(string text, int line)
        {
            var lines = text.Split('\n');
            return line >= 1 && line <= lines.Length ? lines[line - 1] : "";
        }

        private static (int Line, int Column) EndOf(string text)
        {
            int lines = 1, last = -1;
            for (int i = 0; i < text.Length; i++)
                if (text[i] == '\n') { lines++; last = i; }
            return (lines, text.Length - last - 1);
        }
    }
}
