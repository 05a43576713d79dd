#!/usr/bin/python3
# Writes the seed corpus of fuzz_xlsx into tests/fuzz/xlsx/: small
# workbooks (standard library only) that reach every part of the reader:
# shared strings with rich text and phonetic runs, inline strings, styles
# with built-in and custom date formats, the 1904 date system, a hidden
# first sheet, prefixed elements, gaps in cell references, errors and
# booleans. Run it from the top of the project.
import os
import zipfile

NS = ('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
ROOT_RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.'
             'openxmlformats.org/package/2006/relationships"><Relationship '
             f'Id="rId1" Type="{R}officeDocument" Target="xl/workbook.xml"/>'
             '</Relationships>')
WB_RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.'
           'openxmlformats.org/package/2006/relationships">'
           f'<Relationship Id="rId1" Type="{R}worksheet" Target="worksheets/sheet1.xml"/>'
           f'<Relationship Id="rId2" Type="{R}worksheet" Target="/xl/worksheets/sheet2.xml"/>'
           f'<Relationship Id="rId3" Type="{R}sharedStrings" Target="sharedStrings.xml"/>'
           f'<Relationship Id="rId4" Type="{R}styles" Target="styles.xml"/>'
           '</Relationships>')
STYLES = (f'<?xml version="1.0"?><styleSheet {NS}><numFmts count="2">'
          '<numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'
          '<numFmt numFmtId="165" formatCode="[h]:mm"/></numFmts>'
          '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/>'
          '<xf numFmtId="164"/><xf numFmtId="165"/></cellXfs></styleSheet>')
STRINGS = (f'<?xml version="1.0"?><sst {NS}><si><t>日期</t></si>'
           '<si><r><t>志</t></r><r><rPr><b/></rPr><t>愿者</t></r>'
           '<rPh sb="0" eb="1"><t>し</t></rPh></si><si><t>队伍</t></si>'
           '<si><t>时长</t></si><si><t>曾凤英_x000D_</t></si></sst>')


def workbook(extra='', sheets='<sheet name="志愿服务台账" sheetId="1" r:id="rId1"/>'):
    return (f'<?xml version="1.0"?><workbook {NS}>{extra}<sheets>{sheets}'
            '</sheets></workbook>')


def sheet(rows):
    return f'<?xml version="1.0"?><worksheet {NS}><sheetData>{rows}</sheetData></worksheet>'


SERVICE = sheet(
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
    '<c r="C1" t="s"><v>2</v></c><c r="E1" t="s"><v>3</v></c></row>'
    '<row r="2"><c r="A2" s="1"><v>45544</v></c><c r="B2" t="s"><v>4</v></c>'
    '<c r="C2" t="inlineStr"><is><t>heshilao</t></is></c><c r="E2"><v>2.5</v></c></row>'
    '<row r="18"><c r="A18" s="2"><v>60</v></c><c r="B18" t="b"><v>1</v></c>'
    '<c r="C18" t="e"><v>#N/A</v></c><c r="E18" s="3"><v>0.1</v></c>'
    '<c r="F18"><f>1/0</f></c><c><v>1E-7</v></c></row>')


def write(name, parts):
    with zipfile.ZipFile(os.path.join('tests/fuzz/xlsx', name), 'w',
                         zipfile.ZIP_DEFLATED) as z:
        for part, text in parts.items():
            z.writestr(part, text)


base = {'[Content_Types].xml': '<Types/>', '_rels/.rels': ROOT_RELS,
        'xl/workbook.xml': workbook(), 'xl/_rels/workbook.xml.rels': WB_RELS,
        'xl/styles.xml': STYLES, 'xl/sharedStrings.xml': STRINGS,
        'xl/worksheets/sheet1.xml': SERVICE}
write('service.xlsx', base)
write('date1904.xlsx', dict(base, **{'xl/workbook.xml': workbook('<workbookPr date1904="1"/>')}))
write('hidden-first.xlsx', dict(base, **{
    'xl/workbook.xml': workbook(sheets='<sheet name="a" sheetId="1" state="hidden" r:id="rId1"/>'
                                '<sheet name="第二" sheetId="2" r:id="rId2"/>'),
    'xl/worksheets/sheet2.xml':
        '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<x:sheetData><x:row><x:c t="inlineStr"><x:is><x:t>二</x:t></x:is></x:c>'
        '<x:c r="XFD1"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>'}))
write('minimal.xlsx', {'xl/workbook.xml': workbook(),
                       'xl/_rels/workbook.xml.rels': WB_RELS,
                       'xl/worksheets/sheet1.xml': sheet('<row><c t="inlineStr"><is><t>a</t></is></c></row>')})

# Stored, not deflated: mutations then reach the XML itself.
with zipfile.ZipFile('tests/fuzz/xlsx/stored.xlsx', 'w', zipfile.ZIP_STORED) as z:
    for part, text in base.items():
        z.writestr(part, text)
