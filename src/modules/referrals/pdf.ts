import PDFDocument from 'pdfkit';
import { formatLondonDateTime } from '../../domain/calendar/display.ts';
import {
  CONSENT_NAMES,
  LAWFUL_BASES,
  STATUS_NAMES,
  type Consent,
  type LawfulBasis,
  type ReferralStatus,
} from '../../domain/referrals/referral.ts';
import { sharedItems, type SharedContent } from '../../domain/referrals/sharedContent.ts';

export interface PrintableReferral {
  id: string;
  agencyName: string;
  status: string;
  sentAt: Date | null;
  lawfulBasis: string | null;
  consent: string | null;
  shared: SharedContent;
}

const MARKING = 'OFFICIAL-SENSITIVE';

/** The referral as a PDF: marked OFFICIAL-SENSITIVE on every page, holding only the information the referral shared. */
export function referralPdf(r: PrintableReferral, printedAt: Date): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 64, bottom: 64, left: 56, right: 56 },
    info: { Title: `Referral to ${r.agencyName}`, Subject: MARKING, Creator: 'Safeguard' },
    bufferPages: true,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('Helvetica-Bold').fontSize(18).text(`Referral to ${r.agencyName}`);
  doc.moveDown(0.5).font('Helvetica').fontSize(10);
  doc.text(`Status: ${STATUS_NAMES[r.status as ReferralStatus] ?? r.status}`);
  if (r.sentAt) doc.text(`Sent: ${formatLondonDateTime(new Date(r.sentAt))}`);
  if (r.lawfulBasis) doc.text(`Lawful basis for sharing: ${LAWFUL_BASES[r.lawfulBasis as LawfulBasis] ?? r.lawfulBasis}`);
  if (r.consent) doc.text(`Victim's consent: ${CONSENT_NAMES[r.consent as Consent] ?? r.consent}`);
  doc.moveDown();
  doc.font('Helvetica-Bold').fontSize(13).text('Information shared');
  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor('#505a5f')
    .text('Only the information below was shared with your agency. Do not share it further without the referrer’s agreement.');
  doc.fillColor('black').moveDown(0.5);
  for (const item of sharedItems(r.shared)) {
    doc.font('Helvetica-Bold').fontSize(11).text(item.label);
    doc.font('Helvetica').fontSize(11);
    for (const line of item.lines) doc.text(line);
    doc.moveDown(0.5);
  }
  doc.moveDown();
  doc
    .font('Helvetica')
    .fontSize(8)
    .fillColor('#505a5f')
    .text(`Printed ${formatLondonDateTime(printedAt)}. Referral ${r.id}.`);

  // The protective marking at the top and bottom of every page.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const { width, height } = doc.page;
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('Helvetica-Bold').fontSize(10).fillColor('black');
    doc.text(MARKING, 0, 28, { width, align: 'center' });
    doc.text(MARKING, 0, height - 40, { width, align: 'center' });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
