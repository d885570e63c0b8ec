using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Xml;

namespace LibvirtPS.Support
{
    /// <summary>Lets a string parameter take <c>[xml]</c> documents and elements too: each becomes its OuterXml.</summary>
    public sealed class XmlTextTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject p ? p.BaseObject : inputData;
            if (value is XmlNode node) return node.OuterXml;
            if (value is string || value == null) return value;
            if (value is IEnumerable items)
            {
                var list = new List<object?>();
                foreach (var item in items)
                {
                    var v = item is PSObject ip ? ip.BaseObject : item;
                    list.Add(v is XmlNode n ? n.OuterXml : item);
                }
                return list.ToArray();
            }
            return inputData;
        }
    }
}
