import PDFDocument from 'pdfkit';
import { AlignmentType, Document, HeadingLevel, Header, Packer, Paragraph, TextRun } from 'docx';
import { formatLondonDateTime } from '../../domain/calendar/display.ts';
import { courtPackSections, courtPackTitle, type CourtPackFacts } from '../../domain/orders/courtPack.ts';

const MARKING = 'OFFICIAL-SENSITIVE';

/** The court application pack as a PDF (src/domain/orders/courtPack.ts says what it holds), marked on every page. */
export function courtPackPdf(facts: CourtPackFacts, generatedAt: Date): Promise<Buffer> {
  const title = courtPackTitle(facts);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 64, bottom: 64, left: 56, right: 56 },
    info: { Title: title, Subject: MARKING, Creator: 'Safeguard' },
    bufferPages: true,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(17).text(title);
  doc
    .moveDown(0.3)
    .font('Helvetica')
    .fontSize(9)
    .fillColor('#505a5f')
    .text(`Generated ${formatLondonDateTime(generatedAt)}: a draft to check and file`);
  doc.fillColor('black').moveDown();
  for (const section of courtPackSections(facts)) {
    doc.font('Helvetica-Bold').fontSize(12).text(section.heading);
    doc.font('Helvetica').fontSize(11);
    for (const line of section.lines) doc.text(line);
    doc.moveDown(0.7);
  }
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.font('Helvetica-Bold').fontSize(9);
    doc.text(MARKING, 56, 30, { width: doc.page.width - 112, align: 'center', lineBreak: false });
    doc.text(MARKING, 56, doc.page.height - 44, { width: doc.page.width - 112, align: 'center', lineBreak: false });
  }
  doc.end();
  return done;
}

/** The same pack as a Word document, for the coordinator to edit before filing. */
export function courtPackDocx(facts: CourtPackFacts, generatedAt: Date): Promise<Buffer> {
  const children: Paragraph[] = [
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(courtPackTitle(facts))] }),
    new Paragraph({
      children: [new TextRun({ text: `Generated ${formatLondonDateTime(generatedAt)}: a draft to check and file`, italics: true })],
    }),
  ];
  for (const section of courtPackSections(facts)) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(section.heading)] }));
    for (const line of section.lines) children.push(new Paragraph({ children: [new TextRun(line)] }));
  }
  const doc = new Document({
    title: courtPackTitle(facts),
    creator: 'Safeguard',
    sections: [
      {
        headers: {
          default: new Header({
            children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: MARKING, bold: true })] })],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
