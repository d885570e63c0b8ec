// The pool XML steps of the conflict scenario (TestStorageRealPeerTests.PoolConflicts.cs): what libvirt 9.0 parses
// from a pool definition, refuses with which error, and prints back (the scenario compares every pool's XML at its end).
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;

namespace LibvirtPS.Core.Tests.Drivers
{
    public sealed partial class TestStorageRealPeerTests
    {
        private static List<(string What, Func<IHypervisor, Task<StoragePoolInfo>> Call, string Expect)> PoolXmlSteps(CancellationToken ct)
        {
            const string ok = "ok ";
            return new List<(string What, Func<IHypervisor, Task<StoragePoolInfo>> Call, string Expect)>
            {
                // the source the checks need, as libvirt parses it
                ("fs without device", h => h.DefineStoragePoolAsync(Pool("fs", "pc-bad", "", "/pc-bad"), ct), "error XmlError Storage XML error: missing storage pool source device name"),
                ("disk without source", h => h.DefineStoragePoolAsync(Dir("pc-bad", "/pc-bad").Replace("'dir'", "'disk'"), ct), "error XmlError Storage XML error: missing storage pool source device name"),
                ("device without path", h => h.DefineStoragePoolAsync(Pool("logical", "pc-bad", "<device/>"), ct), "error XmlError Storage XML error: missing storage pool source device path"),
                ("netfs without host", h => h.DefineStoragePoolAsync(Pool("netfs", "pc-bad", "<dir path='/e'/>", "/pc-bad"), ct), "error XmlError Storage XML error: missing storage pool source host name"),
                ("netfs without dir", h => h.DefineStoragePoolAsync(Pool("netfs", "pc-bad", "<host name='h'/><dir path=''/>", "/pc-bad"), ct), "error XmlError Storage XML error: missing storage pool source path"),
                ("host without name", h => h.DefineStoragePoolAsync(Pool("netfs", "pc-bad", "<host/><dir path='/e'/>", "/pc-bad"), ct), "error XmlError Storage XML error: missing storage pool host name"),
                ("host with a bad port", h => h.DefineStoragePoolAsync(Pool("netfs", "pc-bad", "<host name='h' port='2049x'/>", "/pc-bad"), ct),
                    "error XmlError Xml XML error: Invalid value for attribute 'port' in element 'host': '2049x'. Expected integer value"),
                ("rbd without source name", h => h.DefineStoragePoolAsync(Pool("rbd", "pc-bad", "<host name='h'/>"), ct), "error XmlError Storage XML error: element 'name' is mandatory for RBD pool"),
                ("rbd without source", h => h.DefineStoragePoolAsync("<pool type='rbd'><name>pc-bad</name></pool>", ct), "error XmlError Storage XML error: missing storage pool source host name"),
                ("iscsi-direct without initiator", h => h.DefineStoragePoolAsync(Pool("iscsi-direct", "pc-bad", "<host name='h'/><device path='iqn.t'/>"), ct),
                    "error ConfigUnsupported Storage unsupported configuration: missing initiator IQN"),
                ("name with a slash", h => h.DefineStoragePoolAsync(Dir("pc/bad", "/pc-bad"), ct), "error XmlError Storage XML error: name pc/bad cannot contain '/'"),
                ("empty target path", h => h.DefineStoragePoolAsync(Dir("pc-bad", ""), ct), "error XmlError Storage XML error: missing storage pool target path"),
                ("empty uuid is a new one", h => h.DefineStoragePoolAsync(Dir("pc-u", "/pc-u", ""), ct), ok + "pc-u"),
                // source formats, device partition separators, protocol versions, vendor and product, printed back below
                ("unknown format", h => h.DefineStoragePoolAsync(Pool("fs", "pc-bad", "<format type='bogus'/><host/>", "/pc-bad"), ct),
                    "error ConfigUnsupported Storage unsupported configuration: unknown pool format type bogus"),
                ("bad part_separator", h => h.DefineStoragePoolAsync(Pool("fs", "pc-bad", "<device path='/dev/pcq' part_separator='YES'/>", "/pc-bad"), ct),
                    "error XmlError Xml XML error: Invalid value for attribute 'part_separator' in element 'device': 'YES'."),
                ("disk with formats and names", h => h.DefineStoragePoolAsync(Pool("disk", "pc-d2",
                    "<device path='/dev/pc1' part_separator='yes'/><device path='/dev/pc2' part_separator='no'/><format type='gpt'/><vendor name='V&amp;'/><product name='P'/>", "/pc-d2"), ct), ok),
                ("netfs with nfs 4", h => h.DefineStoragePoolAsync(Pool("netfs", "pc-n6",
                    "<host name='h&apos;x' port='0'/><host name='h2' port='-5'/><dir path='/e6'/><format type='nfs'/><protocol ver='4'/>", "/pc-n6"), ct), ok),
                ("cifs with a protocol", h => h.DefineStoragePoolAsync(Pool("netfs", "pc-bad", "<host name='h'/><dir path='/e7'/><format type='cifs'/><protocol ver='4'/>", "/pc-bad"), ct),
                    "error ConfigUnsupported Storage unsupported configuration: storage pool protocol ver unsupported for pool type 'cifs'"),
                ("protocol with a comma", h => h.DefineStoragePoolAsync(Pool("netfs", "pc-bad", "<host name='h'/><dir path='/e7'/><protocol ver='4,1'/>", "/pc-bad"), ct),
                    "error XmlDetail Storage storage pool protocol ver '4,1' must not contain ','"),
                ("ext4 with a protocol", h => h.DefineStoragePoolAsync(Pool("fs", "pc-bad", "<device path='/dev/pc8'/><format type='ext4'/><protocol ver='4'/>", "/pc-bad"), ct),
                    "error ConfigUnsupported Storage unsupported configuration: storage pool protocol ver unsupported for pool type 'cifs'"),
                ("xfs with a protocol", h => h.DefineStoragePoolAsync(Pool("fs", "pc-bad", "<device path='/dev/pc8'/><format type='xfs'/><protocol ver='4'/>", "/pc-bad"), ct),
                    "error ConfigUnsupported Storage unsupported configuration: storage pool protocol ver unsupported for pool type '(null)'"),
                ("dir keeps only what it prints", h => h.DefineStoragePoolAsync(Pool("dir", "pc-dir2",
                    "<device path='/dev/pc9'/><host name='h'/><dir path='/q'/><name>zz</name><format type='xfs'/><protocol ver='4'/><initiator><iqn name='i'/></initiator>", "/pc-dir2"), ct), ok),
                ("logical, unknown format", h => h.DefineStoragePoolAsync(Pool("logical", "pc-l2", "<device path='/dev/pc10'/><format type='unknown'/>"), ct), ok),
                ("fs, empty format", h => h.DefineStoragePoolAsync(Pool("fs", "pc-f3", "<device path='/dev/pc11'/><format type=''/>", "/pc-f3"), ct), ok),
                ("iscsi, empty initiator", h => h.DefineStoragePoolAsync(Pool("iscsi", "pc-i4", "<host name='h'/><device path='/dev/pc12'/><initiator><iqn name=''/></initiator>", "/pc-i4"), ct), ok),
                ("scsi without adapter", h => h.DefineStoragePoolAsync(Pool("scsi", "pc-bad", "", "/pc-bad"), ct), "error XmlError Storage XML error: missing storage pool source adapter"),
                ("adapter type default", h => h.DefineStoragePoolAsync(Pool("scsi", "pc-bad", "<adapter type='default'/>", "/pc-bad"), ct),
                    "error XmlError Xml XML error: Invalid value for attribute 'type' in element 'adapter': 'default'."),
                ("legacy adapter with wwnn", h => h.DefineStoragePoolAsync(Pool("scsi", "pc-bad", "<adapter name='host1' wwnn='1'/>", "/pc-bad"), ct),
                    "error XmlError Storage XML error: Use of 'wwnn', 'wwpn', and 'parent' attributes requires use of the adapter 'type'"),
                ("legacy adapter with parentaddr", h => h.DefineStoragePoolAsync(Pool("scsi", "pc-bad", "<adapter name='host1'><parentaddr/></adapter>", "/pc-bad"), ct),
                    "error XmlError Storage XML error: Use of 'parentaddr' element requires use of the adapter 'type'"),
                ("scsi_host without name", h => h.DefineStoragePoolAsync(Pool("scsi", "pc-bad", "<adapter type='scsi_host'/>", "/pc-bad"), ct),
                    "error XmlError Storage XML error: Either 'name' or 'parent' must be specified for the 'scsi_host' adapter"),
                ("scsi_host with name and parent", h => h.DefineStoragePoolAsync(Pool("scsi", "pc-bad",
                    "<adapter type='scsi_host' name='host3'><parentaddr unique_id='3'><address slot='1'/></parentaddr></adapter>", "/pc-bad"), ct),
                    "error XmlError Storage XML error: Both 'name' and 'parent' cannot be specified for the 'scsi_host' adapter"),
                ("parentaddr without address", h => h.DefineStoragePoolAsync(Pool("scsi", "pc-bad", "<adapter type='scsi_host'><parentaddr unique_id='2'/></adapter>", "/pc-bad"), ct),
                    "error XmlError Storage XML error: Missing scsi_host PCI address element"),
                ("negative unique_id", h => h.DefineStoragePoolAsync(Pool("scsi", "pc-bad", "<adapter type='scsi_host'><parentaddr unique_id='-1'><address slot='3'/></parentaddr></adapter>", "/pc-bad"), ct),
                    "error XmlError Storage XML error: Missing or invalid scsi adapter 'unique_id' value"),
                ("bad slot", h => h.DefineStoragePoolAsync(Pool("scsi", "pc-bad", "<adapter type='scsi_host'><parentaddr unique_id='3'><address slot='x'/></parentaddr></adapter>", "/pc-bad"), ct),
                    "error XmlError Xml XML error: Invalid value for attribute 'slot' in element 'address': 'x'. Expected non-negative integer value"),
                ("bus and slot too big", h => h.DefineStoragePoolAsync(Pool("scsi", "pc-bad", "<adapter type='scsi_host'><parentaddr unique_id='3'><address bus='256' slot='0x20' function='9'/></parentaddr></adapter>", "/pc-bad"), ct),
                    "error XmlError None XML error: Invalid PCI address bus='0x100', must be <= 0xFF"),
                ("slot too big", h => h.DefineStoragePoolAsync(Pool("scsi", "pc-bad", "<adapter type='scsi_host'><parentaddr unique_id='3'><address slot='0x20' function='9'/></parentaddr></adapter>", "/pc-bad"), ct),
                    "error XmlError None XML error: Invalid PCI address slot='0x20', must be <= 0x1F"),
                ("function too big", h => h.DefineStoragePoolAsync(Pool("scsi", "pc-bad", "<adapter type='scsi_host'><parentaddr unique_id='3'><address slot='1' function='8'/></parentaddr></adapter>", "/pc-bad"), ct),
                    "error XmlError None XML error: Invalid PCI address function=0x8, must be <= 7"),
                ("bad multifunction", h => h.DefineStoragePoolAsync(Pool("scsi", "pc-bad", "<adapter type='scsi_host'><parentaddr unique_id='3'><address slot='1' multifunction='x'/></parentaddr></adapter>", "/pc-bad"), ct),
                    "error XmlError Xml XML error: Invalid value for attribute 'multifunction' in element 'address': 'x'."),
                ("fc_host without wwnn", h => h.DefineStoragePoolAsync(Pool("scsi", "pc-bad", "<adapter type='fc_host' wwpn='10000000c9831b4b'/>", "/pc-bad"), ct),
                    "error XmlError Storage XML error: 'wwnn' and 'wwpn' must be specified for adapter type 'fchost'"),
                ("short wwnn", h => h.DefineStoragePoolAsync(Pool("scsi", "pc-bad", "<adapter type='fc_host' wwnn='0X20000000c9831b4b' wwpn='10000000c9831b4b'/>", "/pc-bad"), ct),
                    "error InternalError None internal error: Malformed wwn: 0X20000000c9831b4b"),
                ("parent_wwnn alone", h => h.DefineStoragePoolAsync(Pool("scsi", "pc-bad", "<adapter type='fc_host' wwnn='20000000c9831b4d' wwpn='10000000c9831b4b' parent_wwnn='20000000c9831b4b'/>", "/pc-bad"), ct),
                    "error XmlError Storage XML error: when providing parent_wwnn='20000000c9831b4b', the parent_wwpn must also be provided"),
                ("parent_wwpn alone", h => h.DefineStoragePoolAsync(Pool("scsi", "pc-bad", "<adapter type='fc_host' wwnn='20000000c9831b4d' wwpn='10000000c9831b4b' parent_wwpn='20000000c9831b4b'/>", "/pc-bad"), ct),
                    "error XmlError Storage XML error: when providing parent_wwpn='20000000c9831b4b', the parent_wwnn must also be provided"),
                ("bad fabric wwn", h => h.DefineStoragePoolAsync(Pool("scsi", "pc-bad", "<adapter type='fc_host' wwnn='20000000c9831b4d' wwpn='10000000c9831b4b' parent_fabric_wwn='x'/>", "/pc-bad"), ct),
                    "error InternalError None internal error: Malformed wwn: x"),
                ("bad managed", h => h.DefineStoragePoolAsync(Pool("scsi", "pc-bad", "<adapter type='fc_host' wwnn='20000000c9831b4d' wwpn='10000000c9831b4b' managed='x'/>", "/pc-bad"), ct),
                    "error XmlError Xml XML error: Invalid value for attribute 'managed' in element 'adapter': 'x'."),
                ("an adapter on a dir pool is parsed, not printed", h => h.DefineStoragePoolAsync(Pool("dir", "pc-dir3", "<adapter type='scsi_host'/>", "/pc-dir3"), ct), ok),
                ("but must parse", h => h.DefineStoragePoolAsync(Pool("dir", "pc-bad", "<adapter type='bogus'/>", "/pc-bad"), ct),
                    "error XmlError Xml XML error: Invalid value for attribute 'type' in element 'adapter': 'bogus'."),
                // what else a definition keeps and prints back: copy-on-write, permissions, the refresh policy
                ("dir with cow and permissions", h => h.DefineStoragePoolAsync("<pool type='dir'><name>pc-p1</name><features><cow state='yes'/></features>" +
                    "<target><path>/pc-p1</path><permissions><mode> 0755</mode><owner>107</owner><group>-1</group><label>sys&amp;x</label></permissions></target>" +
                    "<refresh><volume allocation='capacity'/></refresh></pool>", ct), ok),
                ("ids printed as C ints", h => h.DefineStoragePoolAsync("<pool type='fs'><name>pc-p2</name><features><cow state='no'/></features><source><device path='/dev/pcp2'/></source>" +
                    "<target><path>/pc-p2</path><permissions><mode>0</mode><owner>4294967295</owner><group>4294967294</group><label></label></permissions></target>" +
                    "<refresh><volume allocation='default'/></refresh></pool>", ct), ok),
                ("logical permissions", h => h.DefineStoragePoolAsync("<pool type='logical'><name>pc-p3</name><target><permissions><mode>0700</mode></permissions></target></pool>", ct), ok),
                ("rbd refresh", h => h.DefineStoragePoolAsync("<pool type='rbd'><name>pc-p4</name><source><host name='r'/><name>pool4</name></source><refresh><volume allocation='capacity'/></refresh></pool>", ct), ok),
                ("cow on logical", h => h.DefineStoragePoolAsync("<pool type='logical'><name>pc-bad</name><features><cow state='yes'/></features></pool>", ct),
                    "error NoSupport Storage this function is not supported by the connection driver: cow feature may only be used for 'fs' and 'dir' pools"),
                ("bad cow state", h => h.DefineStoragePoolAsync("<pool type='dir'><name>pc-bad</name><features><cow state='x'/></features><target><path>/pc-bad</path></target></pool>", ct),
                    "error XmlError Xml XML error: Invalid value for attribute 'state' in element 'cow': 'x'."),
                ("mode beyond 0777", h => h.DefineStoragePoolAsync(Dir("pc-bad", "/pc-bad</path><permissions><mode>01755</mode></permissions><path>"), ct), "error XmlError Storage XML error: malformed octal mode"),
                ("mode not octal", h => h.DefineStoragePoolAsync(Dir("pc-bad", "/pc-bad</path><permissions><mode>9</mode></permissions><path>"), ct), "error XmlError Storage XML error: malformed octal mode"),
                ("owner -2", h => h.DefineStoragePoolAsync(Dir("pc-bad", "/pc-bad</path><permissions><owner>-2</owner></permissions><path>"), ct), "error XmlError Storage XML error: malformed owner element"),
                ("empty owner", h => h.DefineStoragePoolAsync(Dir("pc-bad", "/pc-bad</path><permissions><owner></owner></permissions><path>"), ct), "error XmlError Storage XML error: malformed owner element"),
                ("group past gid_t", h => h.DefineStoragePoolAsync(Dir("pc-bad", "/pc-bad</path><permissions><group>4294967296</group></permissions><path>"), ct), "error XmlError Storage XML error: malformed group element"),
                ("bad refresh", h => h.DefineStoragePoolAsync("<pool type='dir'><name>pc-bad</name><target><path>/pc-bad</path><permissions><mode>7</mode></permissions></target><refresh><volume allocation='x'/></refresh></pool>", ct),
                    "error ConfigUnsupported Storage unsupported configuration: unknown storage pool volume refresh allocation type x"),
                // <auth> of any pool type
                ("iscsi with chap", h => h.DefineStoragePoolAsync(Pool("iscsi", "pc-au1", "<host name='h'/><device path='/dev/pcau1'/><auth type='chap' username='u&amp;'><secret type='iscsi' usage='s'/></auth>", "/pc-au1"), ct), ok),
                ("rbd with ceph by uuid", h => h.DefineStoragePoolAsync(Pool("rbd", "pc-au2", "<host name='h'/><name>r</name><auth type='ceph' username='u'><secret uuid='11111111222233334444555555555555'/></auth>"), ct), ok),
                ("dir with empty usage", h => h.DefineStoragePoolAsync(Pool("dir", "pc-au3", "<auth type='chap' username='u'><secret usage=''/></auth><auth type='ceph' username='v'><secret usage='t'/></auth>", "/pc-au3"), ct), ok),
                ("auth without type", h => h.DefineStoragePoolAsync(Pool("dir", "pc-bad", "<auth username='u'><secret usage='s'/></auth>", "/pc-bad"), ct),
                    "error ConfigUnsupported Storage unsupported configuration: storage pool missing auth type"),
                ("auth type none without secret", h => h.DefineStoragePoolAsync(Pool("dir", "pc-bad", "<auth type='none' username='u'/>", "/pc-bad"), ct),
                    "error XmlError Storage XML error: Missing <secret> element in auth"),
                ("auth without username", h => h.DefineStoragePoolAsync(Pool("dir", "pc-bad", "<auth type='bogus' username=''><secret usage='s'/></auth>", "/pc-bad"), ct),
                    "error XmlError Storage XML error: missing username for auth"),
                ("unknown auth type", h => h.DefineStoragePoolAsync(Pool("dir", "pc-bad", "<auth type='bogus' username='u'/>", "/pc-bad"), ct),
                    "error ConfigUnsupported Storage unsupported configuration: unknown auth type 'bogus'"),
                ("secret without uuid or usage", h => h.DefineStoragePoolAsync(Pool("dir", "pc-bad", "<auth type='chap' username='u'><secret/></auth>", "/pc-bad"), ct),
                    "error XmlError None XML error: missing secret uuid or usage attribute"),
                ("secret with both", h => h.DefineStoragePoolAsync(Pool("dir", "pc-bad", "<auth type='chap' username='u'><secret usage='s' uuid='11111111-2222-3333-4444-555555555555'/></auth>", "/pc-bad"), ct),
                    "error XmlError None XML error: either secret uuid or usage expected"),
                ("bad secret uuid", h => h.DefineStoragePoolAsync(Pool("dir", "pc-bad", "<auth username='u'><secret uuid='zz'/></auth>", "/pc-bad"), ct),
                    "error XmlError None XML error: invalid secret uuid 'zz'"),
            };
        }
    }
}
