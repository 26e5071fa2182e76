import { instrumentDefinition, type InstrumentDefinition } from './instrument.ts';
import dash2009 from './instruments/dash-2009.json' with { type: 'json' };
import dara2022 from './instruments/dara-2022.json' with { type: 'json' };
import sDash from './instruments/s-dash.json' with { type: 'json' };
import hbaScreen from './instruments/hba-screen.json' with { type: 'json' };

/** The instruments shipped with the product; forces may load further versions through validateInstrumentDefinition. */
export const DASH_2009: InstrumentDefinition = instrumentDefinition(dash2009);
export const DARA_2022: InstrumentDefinition = instrumentDefinition(dara2022);
export const S_DASH: InstrumentDefinition = instrumentDefinition(sDash);
export const HBA_SCREEN: InstrumentDefinition = instrumentDefinition(hbaScreen);
